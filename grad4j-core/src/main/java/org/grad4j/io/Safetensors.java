package org.grad4j.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.grad4j.DType;
import org.grad4j.Tensor;

/**
 * The safetensors file format ({@code safetensors.torch.save_file} / {@code load_file}), written and
 * read without any library: 8 bytes little-endian header length N, N bytes of JSON header
 * ({@code {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ...}} plus an
 * optional {@code "__metadata__"} map of strings), then the raw little-endian data.
 *
 * <p>Files are written as the reference implementation writes them, byte for byte: tensors ordered
 * by dtype (I64, F64, F32, BOOL, as its dtype enum sorts, descending) then name, data packed in that
 * order, compact JSON, the header padded with spaces to a multiple of 8 bytes. Metadata keys are
 * written sorted (the reference writes them in hash order). Reading checks the file as the reference
 * does and refuses, naming the file: a truncated file, a header length beyond the file or above
 * 100 MB, invalid JSON, an unsupported dtype, offsets that overlap, leave gaps or run past the data,
 * and a shape whose size disagrees with its offsets. Tensors come back dense, as fresh leaves, keyed
 * in name order (as {@code load_file} returns them).
 */
public final class Safetensors {
    /** The reference implementation's limit on the header. */
    static final long MAX_HEADER_SIZE = 100_000_000;
    private static final String METADATA_KEY = "__metadata__";
    /** Write order: the reference sorts by its dtype enum (BOOL < F32 < F64 < I64), descending. */
    private static final List<DType> DTYPE_ORDER = List.of(DType.INT64, DType.FLOAT64, DType.FLOAT32, DType.BOOL);

    private Safetensors() {
    }

    /** {@code save_file(tensors, path)}. */
    public static void save(Map<String, Tensor> tensors, Path path) {
        save(tensors, path, null);
    }

    /** {@code save_file(tensors, path, metadata)}: metadata is a free-form string map (may be null). */
    public static void save(Map<String, Tensor> tensors, Path path, Map<String, String> metadata) {
        byte[] bytes = serialize(tensors, metadata);
        try (OutputStream out = Files.newOutputStream(path)) {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot write safetensors file: " + e.getMessage(), e);
        }
    }

    /** The bytes {@link #save} writes. */
    public static byte[] serialize(Map<String, Tensor> tensors, Map<String, String> metadata) {
        List<String> names = new ArrayList<>(tensors.keySet());
        for (String name : names) {
            if (name == null || name.equals(METADATA_KEY) || tensors.get(name) == null) {
                throw new IllegalArgumentException("cannot save a tensor under the name " + name
                        + (name != null && name.equals(METADATA_KEY) ? " (reserved for metadata)" : " (null)"));
            }
        }
        names.sort(Comparator.comparing((String n) -> DTYPE_ORDER.indexOf(tensors.get(n).dtype()))
                .thenComparing(Safetensors::compareCodePoints));
        StringBuilder header = new StringBuilder("{");
        if (metadata != null) {
            header.append(Json.quote(METADATA_KEY)).append(":{");
            List<String> keys = new ArrayList<>(new TreeMap<>(metadata).keySet());
            for (int i = 0; i < keys.size(); i++) {
                header.append(i == 0 ? "" : ",").append(Json.quote(keys.get(i))).append(':')
                        .append(Json.quote(metadata.get(keys.get(i))));
            }
            header.append('}');
        }
        long offset = 0;
        List<byte[]> data = new ArrayList<>();
        for (String name : names) {
            Tensor t = tensors.get(name);
            byte[] bytes = littleEndian(t);
            data.add(bytes);
            header.append(header.length() > 1 ? "," : "").append(Json.quote(name)).append(":{\"dtype\":\"")
                    .append(code(t.dtype())).append("\",\"shape\":").append(joined(t.shape()))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes.length).append("]}");
            offset += bytes.length;
        }
        header.append('}');
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        data.forEach(out::put);
        return out.array();
    }

    /** Names compare as the reference compares them: by code point (UTF-8 byte order), not UTF-16 unit. */
    private static int compareCodePoints(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        return Arrays.compare(x, y);
    }

    private static String joined(long[] shape) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ",").append(shape[i]);
        }
        return s.append(']').toString();
    }

    private static String code(DType dtype) {
        switch (dtype) {
            case FLOAT32: return "F32";
            case FLOAT64: return "F64";
            case INT64: return "I64";
            default: return "BOOL";
        }
    }

    private static byte[] littleEndian(Tensor t) {
        int n = Math.toIntExact(t.numel());
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(n, t.dtype().itemSize())).order(ByteOrder.LITTLE_ENDIAN);
        switch (t.dtype()) {
            case FLOAT32:
                b.asFloatBuffer().put(t.toFloatArray());
                break;
            case FLOAT64:
                b.asDoubleBuffer().put(t.toDoubleArray());
                break;
            case INT64:
                b.asLongBuffer().put(t.toLongArrayExact());
                break;
            default:
                for (double v : t.toDoubleArray()) {
                    b.put((byte) (v != 0 ? 1 : 0));
                }
        }
        return b.array();
    }

    // ---------------------------------------------------------------- reading

    /** {@code load_file(path)}: every tensor in the file, keyed in name order. */
    public static Map<String, Tensor> load(Path path) {
        return parse(path).tensors;
    }

    /** The file's {@code __metadata__} map, or null when it has none. */
    public static Map<String, String> loadMetadata(Path path) {
        return parse(path).metadata;
    }

    private record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    /** One header entry, checked. */
    private record Entry(String name, DType dtype, long[] shape, long begin, long end) {
    }

    private static Contents parse(Path path) {
        byte[] file;
        try {
            long size = Files.size(path);
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(path + ": safetensors file of " + size + " bytes is too large to load");
            }
            file = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot read safetensors file: " + e.getMessage(), e);
        }
        try {
            return parse(file);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    /** Reads a whole file's bytes; errors say what is wrong (the caller adds the file name). */
    static Contents parse(byte[] file) {
        if (file.length < 8) {
            throw new IllegalArgumentException("truncated safetensors file: " + file.length
                    + " bytes, fewer than the 8-byte header length (HeaderTooSmall)");
        }
        ByteBuffer buf = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong(0);
        if (n < 0 || n > MAX_HEADER_SIZE) {
            throw new IllegalArgumentException("header length " + Long.toUnsignedString(n) + " is above the "
                    + MAX_HEADER_SIZE + "-byte limit (HeaderTooLarge)");
        }
        if (8 + n > file.length) {
            throw new IllegalArgumentException("header length " + n + " runs past the end of the file ("
                    + file.length + " bytes; InvalidHeaderLength)");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(file, 8, (int) n)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("header is not valid UTF-8 (InvalidHeader)");
        }
        Object root;
        try {
            root = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("header is not valid JSON (InvalidHeaderDeserialization): " + e.getMessage());
        }
        if (!(root instanceof Map)) {
            throw new IllegalArgumentException("header is not a JSON object (InvalidHeaderDeserialization)");
        }
        Map<String, String> metadata = null;
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) root).entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA_KEY)) {
                metadata = metadata(e.getValue());
            } else {
                entries.add(entry(name, e.getValue()));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long dataLength = file.length - 8 - n;
        long expected = 0;
        for (Entry e : entries) {
            if (e.begin != expected || e.end < e.begin) {
                throw new IllegalArgumentException("invalid data_offsets [" + e.begin + ", " + e.end + "] for tensor '"
                        + e.name + "': offsets must tile the data from 0 without overlaps or gaps (InvalidOffset)");
            }
            long bytes = numel(e) * e.dtype.itemSize();
            if (e.end - e.begin != bytes) {
                throw new IllegalArgumentException("tensor '" + e.name + "' of dtype " + code(e.dtype) + " and shape "
                        + Arrays.toString(e.shape) + " needs " + bytes + " bytes but its data_offsets span "
                        + (e.end - e.begin) + " (TensorInvalidInfo)");
            }
            expected = e.end;
        }
        if (expected != dataLength) {
            throw new IllegalArgumentException("the tensors' data_offsets end at byte " + expected + " but the file holds "
                    + dataLength + " bytes of data" + (expected > dataLength ? " (truncated file?)" : "")
                    + " (MetadataIncompleteBuffer)");
        }
        Map<String, Tensor> tensors = new TreeMap<>();
        for (Entry e : entries) {
            ByteBuffer data = ByteBuffer.wrap(file, (int) (8 + n + e.begin), (int) (e.end - e.begin)).slice()
                    .order(ByteOrder.LITTLE_ENDIAN);
            tensors.put(e.name, tensor(e, data));
        }
        return new Contents(new LinkedHashMap<>(tensors), metadata);
    }

    private static Map<String, String> metadata(Object value) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("__metadata__ must be a map of strings (InvalidHeaderDeserialization)");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
            if (!(e.getValue() instanceof String)) {
                throw new IllegalArgumentException("__metadata__ value for '" + e.getKey() + "' is not a string "
                        + "(InvalidHeaderDeserialization)");
            }
            out.put((String) e.getKey(), (String) e.getValue());
        }
        return out;
    }

    private static Entry entry(String name, Object value) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("entry for tensor '" + name + "' is not an object (InvalidHeaderDeserialization)");
        }
        Map<?, ?> info = (Map<?, ?>) value;
        Object dtype = info.get("dtype");
        DType type;
        if ("F32".equals(dtype)) {
            type = DType.FLOAT32;
        } else if ("F64".equals(dtype)) {
            type = DType.FLOAT64;
        } else if ("I64".equals(dtype)) {
            type = DType.INT64;
        } else if ("BOOL".equals(dtype)) {
            type = DType.BOOL;
        } else {
            throw new IllegalArgumentException("tensor '" + name + "' has dtype " + dtype
                    + ", which grad4j does not read (it reads F32, F64, I64 and BOOL)");
        }
        long[] shape = naturals(info.get("shape"), -1, name, "shape");
        long[] offsets = naturals(info.get("data_offsets"), 2, name, "data_offsets");
        return new Entry(name, type, shape, offsets[0], offsets[1]);
    }

    /** A JSON array of non-negative integers (of the given length, unless -1). */
    private static long[] naturals(Object value, int length, String name, String field) {
        if (!(value instanceof List) || (length >= 0 && ((List<?>) value).size() != length)) {
            throw new IllegalArgumentException("tensor '" + name + "' has no valid " + field + " (InvalidHeaderDeserialization)");
        }
        List<?> list = (List<?>) value;
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long) || (Long) list.get(i) < 0) {
                throw new IllegalArgumentException("tensor '" + name + "' has a " + field + " entry that is not a "
                        + "non-negative integer: " + list.get(i) + " (InvalidHeaderDeserialization)");
            }
            out[i] = (Long) list.get(i);
        }
        return out;
    }

    private static long numel(Entry e) {
        long n = 1;
        for (long s : e.shape) {
            try {
                n = Math.multiplyExact(n, s);
            } catch (ArithmeticException ex) {
                throw new IllegalArgumentException("tensor '" + e.name + "' has a shape whose size overflows (ValidationOverflow)");
            }
        }
        if (n > Integer.MAX_VALUE / 8) {
            throw new IllegalArgumentException("tensor '" + e.name + "' has " + n + " elements, more than grad4j holds");
        }
        return n;
    }

    private static Tensor tensor(Entry e, ByteBuffer data) {
        int n = (int) numel(e);
        switch (e.dtype) {
            case FLOAT32: {
                float[] a = new float[n];
                data.asFloatBuffer().get(a);
                return Tensor.fromBlob(a, e.shape);
            }
            case FLOAT64: {
                double[] a = new double[n];
                data.asDoubleBuffer().get(a);
                return Tensor.fromBlob(a, e.shape);
            }
            case INT64: {
                long[] a = new long[n];
                data.asLongBuffer().get(a);
                return Tensor.fromBlob(a, e.shape);
            }
            default: {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) {
                    a[i] = data.get(i) != 0;
                }
                return Tensor.fromBlob(a, e.shape);
            }
        }
    }
}
