package org.grad4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.grad4j.autograd.AccumulateGrad;
import org.grad4j.autograd.Autograd;
import org.grad4j.autograd.GradMode;
import org.grad4j.autograd.Node;
import org.grad4j.internal.DualTensors;
import org.grad4j.internal.GradientEdges;
import org.grad4j.internal.TensorInternals;
import org.grad4j.internal.format.TensorPrinter;
import org.grad4j.internal.tensor.Shapes;
import org.grad4j.internal.tensor.Storage;

/**
 * An n-dimensional strided array with PyTorch's autograd: the single user-facing data type.
 * Method names are PyTorch's in lowerCamelCase; see API.md for the mapping.
 *
 * <pre>{@code
 * Tensor x = Tensor.arange(4.0).requiresGrad_();   // tensor([0., 1., 2., 3.], requires_grad=True)
 * Tensor y = x.dot(x).mul(2);                       // tensor(28., grad_fn=<MulBackward0>)
 * y.backward();
 * x.grad();                                         // tensor([ 0.,  4.,  8., 12.])
 * }</pre>
 *
 * <p>This class validates and delegates; the ops live in the package's op families (Pointwise,
 * Reductions, Views, LinearAlgebra, InPlace, Factories).
 */
public final class Tensor {
    static {
        GradientEdges.register(Tensor::gradientNode);
        DualTensors.register(Dual.ACCESS);
    }

    // Geometry: shared, never mutated (shape() hands out copies).
    final Storage storage;
    final int[] shape;
    final int[] strides;
    final int offset;

    // Autograd metadata. A leaf has gradFn == null; requiresGrad is the leaf flag.
    private boolean requiresGrad;
    private Node gradFn;
    private int outputNr;
    private Tensor grad;
    private AccumulateGrad accumulator;
    private boolean retainsGrad;

    // Forward AD: the tangent and the id of the dual level it belongs to (stale once that level closes); see Dual.
    Tensor tangent;
    long tangentLevel;

    /** The tensor whose storage this view shares (never itself a view), or null; see Views. */
    final Tensor base;
    /** For a differentiable view: the storage version its gradFn was built for; see Views#refreshViewHistory. */
    int viewHistoryVersion;

    Tensor(Storage storage, int[] shape, int[] strides, int offset, Tensor base) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.base = base;
    }

    /** A dense tensor over a fresh storage. */
    Tensor(Storage storage, int[] shape) {
        this(storage, shape, Shapes.contiguousStrides(shape), 0, null);
    }

    // ---------------------------------------------------------------- creation

    /** {@code torch.tensor([1., 2.])}: FLOAT32. */
    public static Tensor of(double... values) {
        return Factories.fromDoubles(values, new int[] {values.length}, DType.FLOAT32);
    }

    /** {@code torch.tensor([1, 2])}: INT64. */
    public static Tensor of(long... values) {
        return new Tensor(Storage.of(values.clone()), new int[] {values.length});
    }

    /** {@code torch.tensor([True, False])}: BOOL. */
    public static Tensor of(boolean... values) {
        return new Tensor(Storage.of(values.clone()), new int[] {values.length});
    }

    /** {@code torch.tensor([1., 2.], dtype=...)}. */
    public static Tensor of(double[] values, DType dtype) {
        return Factories.fromDoubles(values, new int[] {values.length}, dtype);
    }

    /** {@code torch.tensor([[1., 3.], [2., 4.]])}: FLOAT32, rows must have equal length. */
    public static Tensor of(double[][] rows) {
        return of(rows, DType.FLOAT32);
    }

    public static Tensor of(double[][] rows, DType dtype) {
        return Factories.fromRows(rows, dtype);
    }

    /** {@code torch.tensor(3.0)}: a 0-d FLOAT32 tensor. */
    public static Tensor scalar(double value) {
        return scalar(value, DType.FLOAT32);
    }

    public static Tensor scalar(double value, DType dtype) {
        return Factories.fromDoubles(new double[] {value}, Shapes.SCALAR, dtype);
    }

    /** {@code torch.arange(4.0)}: FLOAT32 values 0, 1, ..., below {@code end}. */
    public static Tensor arange(double end) {
        return arange(0.0, end, 1.0);
    }

    /** {@code torch.arange(-5, 5, 0.1)}: FLOAT32. */
    public static Tensor arange(double start, double end, double step) {
        return Factories.arange(start, end, step, DType.FLOAT32);
    }

    /** {@code torch.arange(4)}: INT64. */
    public static Tensor arange(long end) {
        return arange(0L, end, 1L);
    }

    /** {@code torch.arange(1, 10, 2)}: INT64. */
    public static Tensor arange(long start, long end, long step) {
        return Factories.arange(start, end, step, DType.INT64);
    }

    public static Tensor arange(double start, double end, double step, DType dtype) {
        return Factories.arange(start, end, step, dtype);
    }

    /** {@code torch.zeros(2, 3)}: FLOAT32. */
    public static Tensor zeros(long... shape) {
        return full(0.0, shape);
    }

    public static Tensor zeros(long[] shape, DType dtype) {
        return full(0.0, shape, dtype);
    }

    /** {@code torch.ones(2, 3)}: FLOAT32. */
    public static Tensor ones(long... shape) {
        return full(1.0, shape);
    }

    public static Tensor ones(long[] shape, DType dtype) {
        return full(1.0, shape, dtype);
    }

    /** {@code torch.full((2, 3), 7.)}: FLOAT32. */
    public static Tensor full(double value, long... shape) {
        return full(value, shape, DType.FLOAT32);
    }

    public static Tensor full(double value, long[] shape, DType dtype) {
        return Factories.full(value, Shapes.toInts(shape), dtype);
    }

    /** {@code torch.eye(n)}. */
    public static Tensor eye(long n) {
        return eye(n, n);
    }

    public static Tensor eye(long n, long m) {
        return Factories.eye(n, m, DType.FLOAT32);
    }

    /** {@code torch.linspace(start, end, steps)}: FLOAT32, both ends included. */
    public static Tensor linspace(double start, double end, long steps) {
        return Factories.linspace(start, end, steps, DType.FLOAT32);
    }

    public static Tensor linspace(double start, double end, long steps, DType dtype) {
        return Factories.linspace(start, end, steps, dtype);
    }

    /** {@code torch.randn(3, 4)}: standard normal FLOAT32 samples ({@code randn()} is 0-d). */
    public static Tensor randn(long... shape) {
        return Factories.randn(Shapes.toInts(shape), DType.FLOAT32);
    }

    /** {@code torch.rand(3, 4)}: uniform FLOAT32 samples in [0, 1). */
    public static Tensor rand(long... shape) {
        return Factories.rand(Shapes.toInts(shape), DType.FLOAT32);
    }

    /** {@code torch.manual_seed(s)}: makes randn/rand reproducible (the stream differs from PyTorch's). */
    public static void manualSeed(long seed) {
        Factories.manualSeed(seed);
    }

    public static Tensor zerosLike(Tensor t) {
        return Factories.full(0.0, t.shape, t.dtype());
    }

    public static Tensor onesLike(Tensor t) {
        return Factories.full(1.0, t.shape, t.dtype());
    }

    public static Tensor fullLike(Tensor t, double value) {
        return Factories.full(value, t.shape, t.dtype());
    }

    public static Tensor randnLike(Tensor t) {
        return Factories.randn(t.shape, t.dtype());
    }

    public static Tensor randLike(Tensor t) {
        return Factories.rand(t.shape, t.dtype());
    }

    // ---------------------------------------------------------------- metadata

    /** {@code x.shape}, as a fresh array. */
    public long[] shape() {
        return Shapes.toLongs(shape);
    }

    /** {@code x.size(dim)}; negative dims count from the end. */
    public long size(int dim) {
        return shape[Shapes.wrapDim(dim, shape.length)];
    }

    /** {@code x.stride()}, in elements. */
    public long[] stride() {
        return Shapes.toLongs(strides);
    }

    /** {@code x.storage_offset()}. */
    public long storageOffset() {
        return offset;
    }

    public int dim() {
        return shape.length;
    }

    public long numel() {
        return Shapes.numel(shape);
    }

    public DType dtype() {
        return storage.dtype();
    }

    /** {@code x.is_contiguous()}. */
    public boolean isContiguous() {
        return Shapes.isContiguous(shape, strides);
    }

    /** {@code x._version}: bumped by every in-place write to this storage, through any view. */
    public int version() {
        return storage.version();
    }

    /** True when both tensors view the same storage (for tests of view semantics). */
    public boolean sharesStorageWith(Tensor other) {
        return storage == other.storage;
    }

    int[] sizes() {
        return shape;
    }

    // ---------------------------------------------------------------- autograd

    /** {@code x.requires_grad_()}: marks a leaf as requiring grad; returns this. */
    public Tensor requiresGrad_() {
        return requiresGrad_(true);
    }

    /** {@code x.requires_grad_(flag)}; only floating tensors can require grad, and only leaves can be changed. */
    public Tensor requiresGrad_(boolean flag) {
        if (flag && !dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("only Tensors of floating point dtype can require gradients");
        }
        if (!isLeaf() && !flag) {
            throw new IllegalStateException("you can only change requires_grad flags of leaf variables. If you want to "
                    + "use a computed variable in a subgraph that doesn't require differentiation use "
                    + "var_no_grad = var.detach().");
        }
        requiresGrad = flag;
        return this;
    }

    /** {@code x.requires_grad}. */
    public boolean requiresGrad() {
        return requiresGrad || gradFn() != null;
    }

    /** {@code x.is_leaf}: not created by a recorded op. */
    public boolean isLeaf() {
        return gradFn() == null;
    }

    /** {@code x.grad_fn}: the node that created this tensor, null for leaves. */
    public Node gradFn() {
        if (base != null) {
            Views.refreshViewHistory(this);
        }
        return gradFn;
    }

    /** {@code x.output_nr}: which output of its gradFn this tensor is. */
    public int outputNr() {
        return outputNr;
    }

    /** {@code x.grad}: null until a backward pass reaches this leaf (or a retained non-leaf). */
    public Tensor grad() {
        return grad;
    }

    /** {@code x.grad = g} (null clears it); g must have this tensor's shape and dtype. */
    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape, shape)) {
            throw new IllegalArgumentException("assigned grad has data of a different size");
        }
        if (g != null && g.dtype() != dtype()) {
            throw new IllegalArgumentException("assigned grad has data of a different type");
        }
        grad = g;
    }

    /** {@code y.backward()}: for a one-element tensor. */
    public void backward() {
        backward(null, false, false);
    }

    /** {@code y.backward(v)}: the vector-Jacobian product with v (v may be null for one-element tensors). */
    public void backward(Tensor gradient) {
        backward(gradient, false, false);
    }

    /** {@code y.backward(gradient, retain_graph=...)}. */
    public void backward(Tensor gradient, boolean retainGraph) {
        backward(gradient, retainGraph, false);
    }

    /** {@code y.backward(gradient, retain_graph, create_graph)}. */
    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        Autograd.backward(List.of(this), gradient == null ? null : Arrays.asList(gradient), retainGraph, createGraph);
    }

    /** {@code y.retain_grad()}: keep this non-leaf's gradient in {@code grad()} after backward. */
    public void retainGrad() {
        if (isLeaf() && requiresGrad) {
            return;
        }
        if (!requiresGrad()) {
            throw new IllegalStateException("can't retain_grad on Tensor that has requires_grad=False");
        }
        if (retainsGrad) {
            return;
        }
        retainsGrad = true;
        gradFn().setRetainGradHook(outputNr, g -> {
            try (var off = Autograd.noGrad()) {
                grad = grad == null ? g.clone() : grad.add(g);
            }
            return g;
        });
    }

    /** {@code y.retains_grad}. */
    public boolean retainsGrad() {
        return retainsGrad;
    }

    /** {@code y.register_hook(fn)}: fn sees this tensor's gradient during backward and may return a replacement (or null). */
    public void registerHook(UnaryOperator<Tensor> hook) {
        if (!requiresGrad()) {
            throw new IllegalStateException("cannot register a hook on a tensor that doesn't require gradient");
        }
        gradientNode().registerPrehook(isLeaf() ? 0 : outputNr, hook);
    }

    /** {@code x.detach()}: same storage, no history, no grad requirement. */
    public Tensor detach() {
        return Views.detach(this);
    }

    /** {@code x.detach_()}: drops this tensor's history in place; returns this. */
    public Tensor detach_() {
        if (base != null && base.requiresGrad()) {
            throw new IllegalStateException("Can't detach views in-place. Use detach() instead.");
        }
        gradFn = null;
        outputNr = 0;
        requiresGrad = false;
        return this;
    }

    /** {@code x.clone()}: a dense copy, differentiable (CloneBackward0). */
    public Tensor clone() {
        return Pointwise.clone(this);
    }

    /** Installs history after a recorded op; package use only. */
    void setHistory(Node node, int nr) {
        gradFn = node;
        outputNr = nr;
    }

    /** The node this tensor's gradient flows into: gradFn, or (for a leaf) its lifelong AccumulateGrad. */
    Node gradientNode() {
        Node fn = gradFn();
        if (fn != null) {
            return fn;
        }
        if (accumulator == null) {
            accumulator = new AccumulateGrad(this);
        }
        return accumulator;
    }

    // ---------------------------------------------------------------- pointwise

    /** {@code a + b}, broadcasting. */
    public Tensor add(Tensor other) {
        return Pointwise.add(this, other);
    }

    /** {@code a + s}. */
    public Tensor add(double s) {
        return Pointwise.addScalar(this, s);
    }

    /** {@code a + n}: an integer scalar keeps INT64 tensors integral. */
    public Tensor add(long n) {
        return Pointwise.addScalar(this, n);
    }

    public Tensor sub(Tensor other) {
        return Pointwise.sub(this, other);
    }

    public Tensor sub(double s) {
        return Pointwise.addScalar(this, -s, "SubBackward0");
    }

    public Tensor sub(long n) {
        return Pointwise.subScalar(this, n);
    }

    /** {@code s - a} (PyTorch's {@code torch.rsub}). */
    public Tensor rsub(double s) {
        return Pointwise.rsub(this, s);
    }

    public Tensor mul(Tensor other) {
        return Pointwise.mul(this, other);
    }

    public Tensor mul(double s) {
        return Pointwise.mulScalar(this, s);
    }

    public Tensor mul(long n) {
        return Pointwise.mulScalar(this, n);
    }

    /** {@code a / b}: true division (integers give FLOAT32). */
    public Tensor div(Tensor other) {
        return Pointwise.div(this, other);
    }

    public Tensor div(double s) {
        return Pointwise.divScalar(this, s);
    }

    public Tensor neg() {
        return Pointwise.unary(this, UnaryOp.NEG);
    }

    /** {@code a ** p}. */
    public Tensor pow(double exponent) {
        return Pointwise.powScalar(this, exponent);
    }

    /** {@code a ** b} elementwise, broadcasting. */
    public Tensor pow(Tensor exponent) {
        return Pointwise.pow(this, exponent);
    }

    public Tensor exp() {
        return Pointwise.unary(this, UnaryOp.EXP);
    }

    public Tensor log() {
        return Pointwise.unary(this, UnaryOp.LOG);
    }

    public Tensor sin() {
        return Pointwise.unary(this, UnaryOp.SIN);
    }

    public Tensor cos() {
        return Pointwise.unary(this, UnaryOp.COS);
    }

    public Tensor tanh() {
        return Pointwise.unary(this, UnaryOp.TANH);
    }

    public Tensor sigmoid() {
        return Pointwise.unary(this, UnaryOp.SIGMOID);
    }

    public Tensor relu() {
        return Pointwise.unary(this, UnaryOp.RELU);
    }

    public Tensor abs() {
        return Pointwise.unary(this, UnaryOp.ABS);
    }

    public Tensor sqrt() {
        return Pointwise.unary(this, UnaryOp.SQRT);
    }

    /** {@code torch.sign}: -1, 0 or 1 (gradient zero). */
    public Tensor sign() {
        return Pointwise.unary(this, UnaryOp.SIGN);
    }

    /** {@code torch.maximum(a, b)}, broadcasting. */
    public Tensor maximum(Tensor other) {
        return Pointwise.maximum(this, other);
    }

    /** {@code torch.minimum(a, b)}, broadcasting. */
    public Tensor minimum(Tensor other) {
        return Pointwise.minimum(this, other);
    }

    // ---------------------------------------------------------------- comparisons (BOOL results)

    public Tensor eq(Tensor other) {
        return Pointwise.compare(this, other, org.grad4j.internal.kernel.CompareKernel.EQ);
    }

    public Tensor eq(double s) {
        return Pointwise.compare(this, s, org.grad4j.internal.kernel.CompareKernel.EQ);
    }

    public Tensor ne(Tensor other) {
        return Pointwise.compare(this, other, org.grad4j.internal.kernel.CompareKernel.NE);
    }

    public Tensor ne(double s) {
        return Pointwise.compare(this, s, org.grad4j.internal.kernel.CompareKernel.NE);
    }

    public Tensor gt(Tensor other) {
        return Pointwise.compare(this, other, org.grad4j.internal.kernel.CompareKernel.GT);
    }

    public Tensor gt(double s) {
        return Pointwise.compare(this, s, org.grad4j.internal.kernel.CompareKernel.GT);
    }

    public Tensor ge(Tensor other) {
        return Pointwise.compare(this, other, org.grad4j.internal.kernel.CompareKernel.GE);
    }

    public Tensor ge(double s) {
        return Pointwise.compare(this, s, org.grad4j.internal.kernel.CompareKernel.GE);
    }

    public Tensor lt(Tensor other) {
        return Pointwise.compare(this, other, org.grad4j.internal.kernel.CompareKernel.LT);
    }

    public Tensor lt(double s) {
        return Pointwise.compare(this, s, org.grad4j.internal.kernel.CompareKernel.LT);
    }

    public Tensor le(Tensor other) {
        return Pointwise.compare(this, other, org.grad4j.internal.kernel.CompareKernel.LE);
    }

    public Tensor le(double s) {
        return Pointwise.compare(this, s, org.grad4j.internal.kernel.CompareKernel.LE);
    }

    /** {@code torch.allclose(a, b)} with rtol 1e-5, atol 1e-8. */
    public boolean allclose(Tensor other) {
        return allclose(other, 1e-5, 1e-8);
    }

    /** {@code torch.allclose(a, b, rtol, atol)}: |a - b| <= atol + rtol * |b| everywhere (broadcasting; NaN never close). */
    public boolean allclose(Tensor other, double rtol, double atol) {
        return Pointwise.allclose(this, other, rtol, atol);
    }

    /** {@code torch.equal(a, b)}: same shape and equal elements. */
    public boolean equal(Tensor other) {
        return Arrays.equals(shape, other.shape) && Pointwise.allEqual(this, other);
    }

    // ---------------------------------------------------------------- reductions

    /** {@code x.sum()}: 0-d (integral inputs give INT64). */
    public Tensor sum() {
        return Reductions.sum(this, null, false);
    }

    /** {@code x.sum(dim)}. */
    public Tensor sum(int dim) {
        return Reductions.sum(this, new int[] {dim}, false);
    }

    /** {@code x.sum(dim, keepdim)}. */
    public Tensor sum(int dim, boolean keepdim) {
        return Reductions.sum(this, new int[] {dim}, keepdim);
    }

    /** {@code x.sum(dim=(1, 2), keepdim)}. */
    public Tensor sum(int[] dims, boolean keepdim) {
        return Reductions.sum(this, dims.clone(), keepdim);
    }

    /** {@code x.sum_to_size(size)}: sums broadcast dimensions away so the result has {@code size}. */
    public Tensor sumToSize(long... size) {
        return Reductions.sumToSize(this, Shapes.toInts(size));
    }

    public Tensor mean() {
        return Reductions.mean(this, null, false);
    }

    public Tensor mean(int dim) {
        return Reductions.mean(this, new int[] {dim}, false);
    }

    public Tensor mean(int dim, boolean keepdim) {
        return Reductions.mean(this, new int[] {dim}, keepdim);
    }

    public Tensor mean(int[] dims, boolean keepdim) {
        return Reductions.mean(this, dims.clone(), keepdim);
    }

    /** {@code x.cumsum(dim)}. */
    public Tensor cumsum(int dim) {
        return Reductions.cumsum(this, dim);
    }

    /** {@code x.norm()}: the Frobenius (2-)norm of all elements. */
    public Tensor norm() {
        return Reductions.norm(this);
    }

    /** {@code x.max()}: the largest element, 0-d. */
    public Tensor max() {
        return Reductions.extreme(this, true);
    }

    /** {@code x.min()}: the smallest element, 0-d. */
    public Tensor min() {
        return Reductions.extreme(this, false);
    }

    // ---------------------------------------------------------------- linear algebra

    /** {@code torch.dot(x, y)} of two 1-d tensors. */
    public Tensor dot(Tensor other) {
        return LinearAlgebra.dot(this, other);
    }

    /** {@code torch.mv(A, x)}. */
    public Tensor mv(Tensor vector) {
        return LinearAlgebra.mv(this, vector);
    }

    /** {@code torch.mm(A, B)}. */
    public Tensor mm(Tensor other) {
        return LinearAlgebra.mm(this, other);
    }

    /** {@code torch.bmm(A, B)}: batched product of (b, n, m) and (b, m, p) tensors. */
    public Tensor bmm(Tensor other) {
        return LinearAlgebra.bmm(this, other);
    }

    /** {@code A @ B}: dot, mv, mm, or a batched product with the batch dimensions broadcast. */
    public Tensor matmul(Tensor other) {
        return LinearAlgebra.matmul(this, other);
    }

    // ---------------------------------------------------------------- views and shape

    /** {@code x.T}: all dimensions reversed. */
    public Tensor T() {
        return Views.reverseDims(this);
    }

    /** {@code x.mT}: the last two dimensions swapped. */
    public Tensor mT() {
        if (dim() < 2) {
            throw new IllegalArgumentException("tensor.mT is only supported on matrices or batches of matrices. Got "
                    + dim() + "-D tensor.");
        }
        return Views.transpose(this, -2, -1);
    }

    /** {@code x.t()}: transpose of a tensor of at most 2 dimensions. */
    public Tensor t() {
        return Views.t(this);
    }

    public Tensor transpose(int dim0, int dim1) {
        return Views.transpose(this, dim0, dim1);
    }

    /** {@code x.permute(dims)}. */
    public Tensor permute(int... dims) {
        return Views.permute(this, dims.clone());
    }

    /** {@code x.reshape(shape)}: a view when the layout allows, else a copy; one dim may be -1. */
    public Tensor reshape(long... newShape) {
        return Views.reshape(this, newShape);
    }

    /** {@code x.view(shape)}: always a view; fails when the layout does not allow it. */
    public Tensor view(long... newShape) {
        return Views.view(this, newShape);
    }

    public Tensor unsqueeze(int dim) {
        return Views.unsqueeze(this, dim);
    }

    /** {@code x.squeeze()}: drops every size-1 dimension. */
    public Tensor squeeze() {
        return Views.squeeze(this);
    }

    /** {@code x.squeeze(dim)}: drops {@code dim} if it has size 1. */
    public Tensor squeeze(int dim) {
        return Views.squeeze(this, dim);
    }

    /** {@code x[i]}: selects index i of dimension 0 (negative counts from the end); a view. */
    public Tensor index(long i) {
        return Views.select(this, 0, i);
    }

    /** {@code x.select(dim, i)}: a view. */
    public Tensor select(int dim, long i) {
        return Views.select(this, dim, i);
    }

    /** {@code x[start:end]} along {@code dim} (Python clamping of out-of-range bounds); a view. */
    public Tensor slice(int dim, long start, long end) {
        return Views.slice(this, dim, start, end, 1);
    }

    /** {@code x[start:end:step]} along {@code dim}; a view. */
    public Tensor slice(int dim, long start, long end, long step) {
        return Views.slice(this, dim, start, end, step);
    }

    /** {@code x.narrow(dim, start, length)}; a view. */
    public Tensor narrow(int dim, long start, long length) {
        return Views.narrow(this, dim, start, length);
    }

    /** {@code x.expand(sizes)}: size-1 dims repeated without copying (-1 keeps a size). */
    public Tensor expand(long... sizes) {
        return Views.expand(this, sizes);
    }

    /** {@code x.as_strided(size, stride, storage_offset)}: a raw view of the same storage. */
    public Tensor asStrided(long[] size, long[] stride, long storageOffset) {
        return Views.asStrided(this, Shapes.toInts(size), Shapes.toInts(stride), (int) storageOffset);
    }

    /** {@code x.contiguous()}: this tensor when already dense, else a dense copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : clone();
    }

    /** {@code x.to(dtype)}: this tensor when it already has the dtype, else a differentiable converted copy. */
    public Tensor to(DType target) {
        return target == dtype() ? this : Pointwise.toDType(this, target);
    }

    // ---------------------------------------------------------------- in place

    public Tensor add_(Tensor other) {
        return InPlace.binary(this, other, InPlace.Kind.ADD);
    }

    public Tensor add_(double s) {
        return InPlace.scalar(this, s, InPlace.Kind.ADD);
    }

    public Tensor sub_(Tensor other) {
        return InPlace.binary(this, other, InPlace.Kind.SUB);
    }

    public Tensor sub_(double s) {
        return InPlace.scalar(this, s, InPlace.Kind.SUB);
    }

    public Tensor mul_(Tensor other) {
        return InPlace.binary(this, other, InPlace.Kind.MUL);
    }

    public Tensor mul_(double s) {
        return InPlace.scalar(this, s, InPlace.Kind.MUL);
    }

    public Tensor div_(Tensor other) {
        return InPlace.binary(this, other, InPlace.Kind.DIV);
    }

    public Tensor div_(double s) {
        return InPlace.scalar(this, s, InPlace.Kind.DIV);
    }

    /** {@code x.zero_()}; returns this. */
    public Tensor zero_() {
        return InPlace.fill(this, 0.0, "ZeroBackward0");
    }

    /** {@code x.fill_(v)}; returns this. */
    public Tensor fill_(double value) {
        return InPlace.fill(this, value, "FillBackward2");
    }

    /** {@code x.copy_(src)}: src broadcast to this shape and converted to this dtype; returns this. */
    public Tensor copy_(Tensor src) {
        return InPlace.copy(this, src);
    }

    // ---------------------------------------------------------------- elementwise math, activations and logic (issue 3)

    /** {@code torch.reciprocal(x)}: 1 / x (integral inputs give FLOAT32). */
    public Tensor reciprocal() {
        return Pointwise.unary(this, UnaryOp.RECIPROCAL);
    }

    /** {@code torch.rsqrt(x)}: 1 / sqrt(x). */
    public Tensor rsqrt() {
        return Pointwise.unary(this, UnaryOp.RSQRT);
    }

    /** {@code torch.exp2(x)}: 2^x. */
    public Tensor exp2() {
        return Pointwise.unary(this, UnaryOp.EXP2);
    }

    /** {@code torch.expm1(x)}: e^x - 1, accurate near 0. */
    public Tensor expm1() {
        return Pointwise.unary(this, UnaryOp.EXPM1);
    }

    /** {@code torch.log1p(x)}: log(1 + x), accurate near 0 (node {@code Log1PBackward0}). */
    public Tensor log1p() {
        return Pointwise.unary(this, UnaryOp.LOG1P);
    }

    /** {@code torch.log2(x)}. */
    public Tensor log2() {
        return Pointwise.unary(this, UnaryOp.LOG2);
    }

    /** {@code torch.log10(x)}. */
    public Tensor log10() {
        return Pointwise.unary(this, UnaryOp.LOG10);
    }

    /** {@code torch.tan(x)}. */
    public Tensor tan() {
        return Pointwise.unary(this, UnaryOp.TAN);
    }

    /** {@code torch.asin(x)}: NaN outside [-1, 1]. */
    public Tensor asin() {
        return Pointwise.unary(this, UnaryOp.ASIN);
    }

    /** {@code torch.acos(x)}: NaN outside [-1, 1]. */
    public Tensor acos() {
        return Pointwise.unary(this, UnaryOp.ACOS);
    }

    /** {@code torch.atan(x)}. */
    public Tensor atan() {
        return Pointwise.unary(this, UnaryOp.ATAN);
    }

    /** {@code torch.sinh(x)}. */
    public Tensor sinh() {
        return Pointwise.unary(this, UnaryOp.SINH);
    }

    /** {@code torch.cosh(x)}. */
    public Tensor cosh() {
        return Pointwise.unary(this, UnaryOp.COSH);
    }

    /** {@code torch.asinh(x)}. */
    public Tensor asinh() {
        return Pointwise.unary(this, UnaryOp.ASINH);
    }

    /** {@code torch.acosh(x)}: NaN below 1. */
    public Tensor acosh() {
        return Pointwise.unary(this, UnaryOp.ACOSH);
    }

    /** {@code torch.atanh(x)}: +-inf at +-1, NaN beyond. */
    public Tensor atanh() {
        return Pointwise.unary(this, UnaryOp.ATANH);
    }

    /** {@code torch.erf(x)}: the error function. */
    public Tensor erf() {
        return Pointwise.unary(this, UnaryOp.ERF);
    }

    /** {@code torch.erfc(x)}: 1 - erf(x), accurate for large x. */
    public Tensor erfc() {
        return Pointwise.unary(this, UnaryOp.ERFC);
    }

    /** {@code torch.floor(x)}: INT64 stays INT64; gradient zero. */
    public Tensor floor() {
        return ElementwiseOps.rounding(this, UnaryOp.FLOOR);
    }

    /** {@code torch.ceil(x)}: INT64 stays INT64; gradient zero. */
    public Tensor ceil() {
        return ElementwiseOps.rounding(this, UnaryOp.CEIL);
    }

    /** {@code torch.round(x)}: halves to even; INT64 stays INT64; gradient zero. */
    public Tensor round() {
        return ElementwiseOps.rounding(this, UnaryOp.ROUND);
    }

    /** {@code torch.trunc(x)}: rounds toward zero; INT64 stays INT64; gradient zero. */
    public Tensor trunc() {
        return ElementwiseOps.rounding(this, UnaryOp.TRUNC);
    }

    /** {@code torch.frac(x)}: x - trunc(x), floating tensors only. */
    public Tensor frac() {
        return ElementwiseOps.frac(this);
    }

    /** {@code torch.square(x)}: x * x as {@code x.pow(2)} (PowBackward0; BOOL and INT64 give INT64). */
    public Tensor square() {
        return Pointwise.powScalar(this, 2.0);
    }

    /** {@code torch.pow(s, exponent)}: a Python float raised to each element (PowBackward2). */
    public static Tensor pow(double self, Tensor exponent) {
        return ElementwiseOps.pow(self, exponent, false);
    }

    /** {@code torch.pow(n, exponent)}: a Python int base keeps INT64 exponents integral. */
    public static Tensor pow(long self, Tensor exponent) {
        return ElementwiseOps.pow(self, exponent, true);
    }

    /** {@code torch.atan2(a, b)}: the angle of (b, a), broadcasting; integral inputs give FLOAT32. */
    public Tensor atan2(Tensor other) {
        return ElementwiseOps.atan2(this, other);
    }

    /** {@code torch.hypot(a, b)}: sqrt(a^2 + b^2) without overflow, broadcasting; floating results only. */
    public Tensor hypot(Tensor other) {
        return ElementwiseOps.hypot(this, other);
    }

    /** {@code torch.remainder(a, b)} / {@code a % b}: Python's modulo, the sign of the divisor (RemainderBackward1). */
    public Tensor remainder(Tensor other) {
        return ElementwiseOps.remainder(this, other);
    }

    /** {@code torch.remainder(a, s)} with a Python float (RemainderBackward0): integral tensors give FLOAT32. */
    public Tensor remainder(double other) {
        return ElementwiseOps.remainder(this, other, false);
    }

    /** {@code torch.remainder(a, n)} with a Python int: INT64 stays INT64 (a zero divisor fails). */
    public Tensor remainder(long other) {
        return ElementwiseOps.remainder(this, other, true);
    }

    /** {@code torch.fmod(a, b)}: C's fmod, the sign of the dividend (FmodBackward1). */
    public Tensor fmod(Tensor other) {
        return ElementwiseOps.fmod(this, other);
    }

    /** {@code torch.fmod(a, s)} with a Python float (FmodBackward0): integral tensors give FLOAT32. */
    public Tensor fmod(double other) {
        return ElementwiseOps.fmod(this, other, false);
    }

    /** {@code torch.fmod(a, n)} with a Python int: INT64 stays INT64. */
    public Tensor fmod(long other) {
        return ElementwiseOps.fmod(this, other, true);
    }

    /** {@code torch.clamp(x, min, max)}: both bounds given (ClampBackward1); with min &gt; max every element is max. */
    public Tensor clamp(double min, double max) {
        return ElementwiseOps.clamp(this, min, max, "ClampBackward1", false);
    }

    /** {@code torch.clamp(x, 0, 2)} with Python ints: INT64 and BOOL tensors give INT64. */
    public Tensor clamp(long min, long max) {
        return ElementwiseOps.clamp(this, (double) min, (double) max, "ClampBackward1", true);
    }

    /** {@code torch.clamp(x, min=..., max=...)} with Python floats; either may be null, not both. */
    public Tensor clamp(Double min, Double max) {
        return ElementwiseOps.clamp(this, min, max, "ClampBackward1", false);
    }

    /** {@code torch.clamp(x, min=..., max=...)} with Python ints; either may be null, not both. */
    public Tensor clamp(Long min, Long max) {
        return ElementwiseOps.clamp(this, min == null ? null : min.doubleValue(),
                max == null ? null : max.doubleValue(), "ClampBackward1", true);
    }

    /** {@code torch.clamp(x, min, max)} with tensor bounds (broadcast, promoted); either may be null (ClampBackward0). */
    public Tensor clamp(Tensor min, Tensor max) {
        return ElementwiseOps.clamp(this, min, max, false);
    }

    /** {@code torch.clamp_min(x, s)} (ClampMinBackward0). */
    public Tensor clampMin(double min) {
        return ElementwiseOps.clamp(this, min, null, "ClampMinBackward0", false);
    }

    /** {@code torch.clamp_min(x, n)} with a Python int. */
    public Tensor clampMin(long min) {
        return ElementwiseOps.clamp(this, (double) min, null, "ClampMinBackward0", true);
    }

    /** {@code torch.clamp_min(x, t)} (ClampMinBackward1). */
    public Tensor clampMin(Tensor min) {
        return ElementwiseOps.clamp(this, min, null, true);
    }

    /** {@code torch.clamp_max(x, s)} (ClampMaxBackward0). */
    public Tensor clampMax(double max) {
        return ElementwiseOps.clamp(this, null, max, "ClampMaxBackward0", false);
    }

    /** {@code torch.clamp_max(x, n)} with a Python int. */
    public Tensor clampMax(long max) {
        return ElementwiseOps.clamp(this, null, (double) max, "ClampMaxBackward0", true);
    }

    /** {@code torch.clamp_max(x, t)} (ClampMaxBackward1). */
    public Tensor clampMax(Tensor max) {
        return ElementwiseOps.clamp(this, null, max, true);
    }

    /** {@code torch.where(cond, a, b)}: a where cond (BOOL) is true, else b; all three broadcast (WhereBackward0). */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return ElementwiseOps.where(condition, a, b);
    }

    /** {@code torch.where(cond, a, s)} with a Python float. */
    public static Tensor where(Tensor condition, Tensor a, double b) {
        return ElementwiseOps.where(condition, a, b, false);
    }

    /** {@code torch.where(cond, a, n)} with a Python int (INT64 stays INT64). */
    public static Tensor where(Tensor condition, Tensor a, long b) {
        return ElementwiseOps.where(condition, a, b, true);
    }

    /** {@code torch.where(cond, s, b)} with a Python float. */
    public static Tensor where(Tensor condition, double a, Tensor b) {
        return ElementwiseOps.where(condition, a, b, false);
    }

    /** {@code torch.where(cond, n, b)} with a Python int. */
    public static Tensor where(Tensor condition, long a, Tensor b) {
        return ElementwiseOps.where(condition, a, b, true);
    }

    /** {@code torch.lerp(x, end, w)}: x + w (end - x), same dtype for x and end (LerpBackward0). */
    public Tensor lerp(Tensor end, double weight) {
        return ElementwiseOps.lerp(this, end, weight);
    }

    /** {@code torch.lerp(x, end, weight)} with a tensor weight, all broadcast (LerpBackward1). */
    public Tensor lerp(Tensor end, Tensor weight) {
        return ElementwiseOps.lerp(this, end, weight);
    }

    /** {@code torch.logical_and(a, b)}: BOOL, non-zero counts as true, broadcasting. */
    public Tensor logicalAnd(Tensor other) {
        return LogicOps.logicalAnd(this, other);
    }

    /** {@code torch.logical_or(a, b)}. */
    public Tensor logicalOr(Tensor other) {
        return LogicOps.logicalOr(this, other);
    }

    /** {@code torch.logical_xor(a, b)}. */
    public Tensor logicalXor(Tensor other) {
        return LogicOps.logicalXor(this, other);
    }

    /** {@code torch.logical_not(x)}: BOOL, true where x is zero. */
    public Tensor logicalNot() {
        return LogicOps.logicalNot(this);
    }

    /** {@code torch.isnan(x)}: BOOL. */
    public Tensor isnan() {
        return LogicOps.isnan(this);
    }

    /** {@code torch.isinf(x)}: BOOL, true at +-inf. */
    public Tensor isinf() {
        return LogicOps.isinf(this);
    }

    /** {@code torch.isfinite(x)}: BOOL, false at NaN and +-inf. */
    public Tensor isfinite() {
        return LogicOps.isfinite(this);
    }

    /** {@code x.any()}: 0-d BOOL, true if any element is non-zero. */
    public Tensor any() {
        return LogicOps.anyAll(this, true);
    }

    /** {@code x.any(dim)}. */
    public Tensor any(int dim) {
        return LogicOps.anyAll(this, dim, false, true);
    }

    /** {@code x.any(dim, keepdim)}. */
    public Tensor any(int dim, boolean keepdim) {
        return LogicOps.anyAll(this, dim, keepdim, true);
    }

    /** {@code x.all()}: 0-d BOOL, true if every element is non-zero (true for an empty tensor). */
    public Tensor all() {
        return LogicOps.anyAll(this, false);
    }

    /** {@code x.all(dim)}. */
    public Tensor all(int dim) {
        return LogicOps.anyAll(this, dim, false, false);
    }

    /** {@code x.all(dim, keepdim)}. */
    public Tensor all(int dim, boolean keepdim) {
        return LogicOps.anyAll(this, dim, keepdim, false);
    }

    /** {@code torch.isclose(a, b)} with rtol 1e-5, atol 1e-8: BOOL, elementwise. */
    public Tensor isclose(Tensor other) {
        return LogicOps.isclose(this, other, 1e-5, 1e-8, false);
    }

    /** {@code torch.isclose(a, b, rtol, atol, equal_nan)}: |a - b| &lt;= atol + |rtol * b|; same dtypes required. */
    public Tensor isclose(Tensor other, double rtol, double atol, boolean equalNan) {
        return LogicOps.isclose(this, other, rtol, atol, equalNan);
    }

    /** {@code torch.allclose(a, b, rtol, atol, equal_nan)}: isclose everywhere. */
    public boolean allclose(Tensor other, double rtol, double atol, boolean equalNan) {
        return LogicOps.allclose(this, other, rtol, atol, equalNan);
    }
    // (end of section)

    // ---------------------------------------------------------------- reductions, scans and sorting (issue 3)
    /** {@code x.prod()}: product of all elements, 0-d (integral inputs give INT64). */
    public Tensor prod() {
        return ReductionOps.prod(this, null, false);
    }

    /** {@code x.prod(dim)}. */
    public Tensor prod(int dim) {
        return ReductionOps.prod(this, dim, false);
    }

    /** {@code x.prod(dim, keepdim)}; the gradient is exact where elements are 0. */
    public Tensor prod(int dim, boolean keepdim) {
        return ReductionOps.prod(this, dim, keepdim);
    }

    /** {@code x.max(dim)}: largest values along dim and their first positions. */
    public ValuesAndIndices max(int dim) {
        return Ordering.maxAlong(this, dim, false, true);
    }

    /** {@code x.max(dim, keepdim)}. */
    public ValuesAndIndices max(int dim, boolean keepdim) {
        return Ordering.maxAlong(this, dim, keepdim, true);
    }

    /** {@code x.min(dim)}: smallest values along dim and their first positions. */
    public ValuesAndIndices min(int dim) {
        return Ordering.maxAlong(this, dim, false, false);
    }

    /** {@code x.min(dim, keepdim)}. */
    public ValuesAndIndices min(int dim, boolean keepdim) {
        return Ordering.maxAlong(this, dim, keepdim, false);
    }

    /** {@code x.amax()}: the largest element; the gradient is shared evenly among ties. */
    public Tensor amax() {
        return Ordering.amax(this, null, false, true);
    }

    public Tensor amax(int dim) {
        return Ordering.amax(this, new int[] {dim}, false, true);
    }

    public Tensor amax(int dim, boolean keepdim) {
        return Ordering.amax(this, new int[] {dim}, keepdim, true);
    }

    /** {@code x.amax(dim=(0, 1), keepdim)}; an empty {@code dims} means all dims. */
    public Tensor amax(int[] dims, boolean keepdim) {
        return Ordering.amax(this, dims.clone(), keepdim, true);
    }

    /** {@code x.amin()}: the smallest element; the gradient is shared evenly among ties. */
    public Tensor amin() {
        return Ordering.amax(this, null, false, false);
    }

    public Tensor amin(int dim) {
        return Ordering.amax(this, new int[] {dim}, false, false);
    }

    public Tensor amin(int dim, boolean keepdim) {
        return Ordering.amax(this, new int[] {dim}, keepdim, false);
    }

    public Tensor amin(int[] dims, boolean keepdim) {
        return Ordering.amax(this, dims.clone(), keepdim, false);
    }

    /** {@code x.argmax()}: flat position of the first largest element, INT64 0-d. */
    public Tensor argmax() {
        return Ordering.argmax(this, null, false, true);
    }

    public Tensor argmax(int dim) {
        return Ordering.argmax(this, dim, false, true);
    }

    public Tensor argmax(int dim, boolean keepdim) {
        return Ordering.argmax(this, dim, keepdim, true);
    }

    /** {@code x.argmin()}: flat position of the first smallest element, INT64 0-d. */
    public Tensor argmin() {
        return Ordering.argmax(this, null, false, false);
    }

    public Tensor argmin(int dim) {
        return Ordering.argmax(this, dim, false, false);
    }

    public Tensor argmin(int dim, boolean keepdim) {
        return Ordering.argmax(this, dim, keepdim, false);
    }

    /** {@code x.var()}: unbiased variance (correction 1) of all elements. */
    public Tensor var() {
        return ReductionOps.var(this, null, 1, false, false);
    }

    public Tensor var(int dim) {
        return ReductionOps.var(this, new int[] {dim}, 1, false, false);
    }

    public Tensor var(int dim, boolean keepdim) {
        return ReductionOps.var(this, new int[] {dim}, 1, keepdim, false);
    }

    /** {@code x.var(dim=dims, correction=c, keepdim=k)}; null or empty {@code dims} means all dims. */
    public Tensor var(int[] dims, long correction, boolean keepdim) {
        return ReductionOps.var(this, dims == null ? null : dims.clone(), correction, keepdim, false);
    }

    /** {@code x.std()}: square root of the unbiased variance. */
    public Tensor std() {
        return ReductionOps.var(this, null, 1, false, true);
    }

    public Tensor std(int dim) {
        return ReductionOps.var(this, new int[] {dim}, 1, false, true);
    }

    public Tensor std(int dim, boolean keepdim) {
        return ReductionOps.var(this, new int[] {dim}, 1, keepdim, true);
    }

    /** {@code x.std(dim=dims, correction=c, keepdim=k)}; null or empty {@code dims} means all dims. */
    public Tensor std(int[] dims, long correction, boolean keepdim) {
        return ReductionOps.var(this, dims == null ? null : dims.clone(), correction, keepdim, true);
    }

    /** {@code x.logsumexp(dim)}: log(sum(exp(x))) along dim, computed without overflow. */
    public Tensor logsumexp(int dim) {
        return ReductionOps.logsumexp(this, new int[] {dim}, false);
    }

    public Tensor logsumexp(int dim, boolean keepdim) {
        return ReductionOps.logsumexp(this, new int[] {dim}, keepdim);
    }

    public Tensor logsumexp(int[] dims, boolean keepdim) {
        return ReductionOps.logsumexp(this, dims.clone(), keepdim);
    }

    /** {@code x.norm(p)} over all elements: p = 0, 1, 2, any other p, or +-infinity. */
    public Tensor norm(double p) {
        return ReductionOps.norm(this, p, null, false);
    }

    /** {@code x.norm(p, dim)}. */
    public Tensor norm(double p, int dim) {
        return ReductionOps.norm(this, p, new int[] {dim}, false);
    }

    /** {@code x.norm(p, dim=dims, keepdim=k)}; null or empty {@code dims} means all dims. */
    public Tensor norm(double p, int[] dims, boolean keepdim) {
        return ReductionOps.norm(this, p, dims == null ? null : dims.clone(), keepdim);
    }

    /** {@code x.norm("fro")} or {@code x.norm("nuc")} (the nuclear norm of a 2-D x: the sum of its singular values). */
    public Tensor norm(String p) {
        return norm(p, null, false);
    }

    /** {@code x.norm("fro" | "nuc", dim=dims, keepdim=k)} ("nuc" needs two dims, or none for a 2-D x). */
    public Tensor norm(String p, int[] dims, boolean keepdim) {
        if ("nuc".equals(p)) {
            return NormOps.nuclearNorm(this, dims == null ? null : dims.clone(), keepdim);
        }
        if (!"fro".equals(p)) {
            throw new IllegalArgumentException("only valid string values are 'fro' and 'nuc', found " + p);
        }
        return ReductionOps.frobenius(this, dims == null || dims.length == 0 ? null : dims.clone(), keepdim);
    }

    /** {@code x.cumprod(dim)}: running products; the gradient is exact where elements are 0. */
    public Tensor cumprod(int dim) {
        return ReductionOps.cumprod(this, dim);
    }

    /** {@code x.cummax(dim)}: running maxima and the positions they came from. */
    public ValuesAndIndices cummax(int dim) {
        return Ordering.cumExtreme(this, dim, true);
    }

    /** {@code x.cummin(dim)}: running minima and the positions they came from. */
    public ValuesAndIndices cummin(int dim) {
        return Ordering.cumExtreme(this, dim, false);
    }

    /** {@code x.median()}: the lower median of all elements, 0-d. */
    public Tensor median() {
        return Ordering.median(this);
    }

    /** {@code x.median(dim)}: lower medians along dim and their positions. */
    public ValuesAndIndices median(int dim) {
        return Ordering.medianAlong(this, dim, false);
    }

    public ValuesAndIndices median(int dim, boolean keepdim) {
        return Ordering.medianAlong(this, dim, keepdim);
    }

    /** {@code x.mode()}: most frequent values along the last dim (smallest on ties) and their last positions. */
    public ValuesAndIndices mode() {
        return Ordering.mode(this, -1, false);
    }

    public ValuesAndIndices mode(int dim) {
        return Ordering.mode(this, dim, false);
    }

    public ValuesAndIndices mode(int dim, boolean keepdim) {
        return Ordering.mode(this, dim, keepdim);
    }

    /** {@code x.topk(k)}: the k largest along the last dim, in order. */
    public ValuesAndIndices topk(long k) {
        return Ordering.topk(this, k, -1, true);
    }

    public ValuesAndIndices topk(long k, int dim) {
        return Ordering.topk(this, k, dim, true);
    }

    /** {@code x.topk(k, dim, largest, sorted)}: results always come sorted (PyTorch leaves unsorted order unspecified). */
    public ValuesAndIndices topk(long k, int dim, boolean largest, boolean sorted) {
        return Ordering.topk(this, k, dim, largest);
    }

    /** {@code x.sort()}: ascending along the last dim; stable, NaN last. */
    public ValuesAndIndices sort() {
        return Ordering.sort(this, -1, false);
    }

    public ValuesAndIndices sort(int dim) {
        return Ordering.sort(this, dim, false);
    }

    /** {@code x.sort(dim, descending)}: always stable (equal elements keep their order). */
    public ValuesAndIndices sort(int dim, boolean descending) {
        return Ordering.sort(this, dim, descending);
    }

    /** {@code x.argsort()}: the indices of {@code sort()}. */
    public Tensor argsort() {
        return Ordering.argsort(this, -1, false);
    }

    public Tensor argsort(int dim) {
        return Ordering.argsort(this, dim, false);
    }

    public Tensor argsort(int dim, boolean descending) {
        return Ordering.argsort(this, dim, descending);
    }
    // (end of section)

    // ---------------------------------------------------------------- shape ops and indexing (issue 3)

    /** {@code torch.cat(tensors, dim)}: joins tensors along an existing dimension (types promoted). */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        return Joining.cat(tensors, dim);
    }

    /** {@code torch.stack(tensors, dim)}: joins equal-shaped tensors along a new dimension. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        return Joining.stack(tensors, dim);
    }

    /** {@code x.flatten()}: all dims into one (a view when the layout allows, as reshape). */
    public Tensor flatten() {
        return ShapeOps.flatten(this, 0, -1);
    }

    /** {@code x.flatten(start_dim)}. */
    public Tensor flatten(int startDim) {
        return ShapeOps.flatten(this, startDim, -1);
    }

    /** {@code x.flatten(start_dim, end_dim)}: dims start..end merged into one. */
    public Tensor flatten(int startDim, int endDim) {
        return ShapeOps.flatten(this, startDim, endDim);
    }

    /** {@code x.unflatten(dim, sizes)}: dim split into {@code sizes} (one may be -1); a view. */
    public Tensor unflatten(int dim, long... sizes) {
        return ShapeOps.unflatten(this, dim, sizes.clone());
    }

    /** {@code x.movedim(source, destination)}; a view. */
    public Tensor movedim(int source, int destination) {
        return ShapeOps.movedim(this, new int[] {source}, new int[] {destination});
    }

    /** {@code x.movedim((s0, s1), (d0, d1))}: the other dims keep their order; a view. */
    public Tensor movedim(int[] source, int[] destination) {
        return ShapeOps.movedim(this, source.clone(), destination.clone());
    }

    /** {@code x.expand_as(other)}; a view. */
    public Tensor expandAs(Tensor other) {
        return Views.expand(this, other.shape());
    }

    /** {@code torch.broadcast_to(x, size)}; a view. */
    public Tensor broadcastTo(long... size) {
        return Views.expand(this, size.clone());
    }

    /** {@code x.split(split_size, dim)}: views of splitSize along dim, the last one possibly shorter. */
    public List<Tensor> split(long splitSize, int dim) {
        return Splitting.split(this, splitSize, dim);
    }

    /** {@code x.split(split_size)} along dim 0. */
    public List<Tensor> split(long splitSize) {
        return Splitting.split(this, splitSize, 0);
    }

    /** {@code x.split([sizes], dim)}: views of the given sizes, which must add up to the dim's size. */
    public List<Tensor> split(long[] splitSizes, int dim) {
        return Splitting.splitWithSizes(this, splitSizes, dim);
    }

    /** {@code x.chunk(chunks, dim)}: at most {@code chunks} views of equal size (the last may be smaller). */
    public List<Tensor> chunk(int chunks, int dim) {
        return Splitting.chunk(this, chunks, dim);
    }

    public List<Tensor> chunk(int chunks) {
        return Splitting.chunk(this, chunks, 0);
    }

    /** {@code x.unbind(dim)}: every index of dim as a view without that dim. */
    public List<Tensor> unbind(int dim) {
        return Splitting.unbind(this, dim);
    }

    public List<Tensor> unbind() {
        return Splitting.unbind(this, 0);
    }

    /** {@code x.roll(shift)}: over the flattened tensor, shape kept. */
    public Tensor roll(long shift) {
        return ShapeOps.roll(this, new long[] {shift}, new int[0]);
    }

    /** {@code x.roll(shift, dim)}: elements shifted along dim, wrapping around. */
    public Tensor roll(long shift, int dim) {
        return ShapeOps.roll(this, new long[] {shift}, new int[] {dim});
    }

    /** {@code x.roll(shifts, dims)}. */
    public Tensor roll(long[] shifts, int[] dims) {
        return ShapeOps.roll(this, shifts.clone(), dims.clone());
    }

    /** {@code x.repeat(repeats)}: a copy tiled {@code repeats[i]} times along dim i (extra leading repeats add dims). */
    public Tensor repeat(long... repeats) {
        return ShapeOps.repeat(this, repeats.clone());
    }

    /** {@code x.tile(reps)}: repeat, with missing leading reps taken as 1. */
    public Tensor tile(long... reps) {
        return ShapeOps.tile(this, reps.clone());
    }

    /** {@code x.diagonal()}: the main diagonal of dims 0 and 1; a view. */
    public Tensor diagonal() {
        return ShapeOps.diagonal(this, 0, 0, 1);
    }

    /** {@code x.diagonal(offset, dim1, dim2)}: appended as the last dim; a view. */
    public Tensor diagonal(long offset, int dim1, int dim2) {
        return ShapeOps.diagonal(this, offset, dim1, dim2);
    }

    /** {@code x.triu()}: zeros below the main diagonal of the last two dims. */
    public Tensor triu() {
        return ShapeOps.triangle(this, 0, true);
    }

    /** {@code x.triu(diagonal)}: keeps elements with column - row >= diagonal. */
    public Tensor triu(long diagonal) {
        return ShapeOps.triangle(this, diagonal, true);
    }

    public Tensor tril() {
        return ShapeOps.triangle(this, 0, false);
    }

    /** {@code x.tril(diagonal)}: keeps elements with column - row <= diagonal. */
    public Tensor tril(long diagonal) {
        return ShapeOps.triangle(this, diagonal, false);
    }

    /** {@code x.flip(dims)}: every listed dim reversed; a copy. */
    public Tensor flip(int... dims) {
        return ShapeOps.flip(this, dims.clone());
    }

    /**
     * {@code x[indices]} with libtorch's index vocabulary, e.g. {@code x[1:, None, ..., idx]} is
     * {@code x.index(Index.slice(1, null), Index.NONE, Index.ELLIPSIS, Index.of(idx))}. Integers,
     * slices, None and ... give a view; INT64/BOOL tensor indices gather a copy.
     */
    public Tensor index(Index... indices) {
        return Indexing.index(this, indices.clone());
    }

    /** {@code x[indices] = values} (values broadcast); returns this. */
    public Tensor indexPut_(Index[] indices, Tensor values) {
        return indexPut_(indices, values, false);
    }

    /** {@code x[indices] = values}, or {@code +=} with accumulate (repeated indices then add up); returns this. */
    public Tensor indexPut_(Index[] indices, Tensor values, boolean accumulate) {
        Indexing.indexPut(this, indices.clone(), values, accumulate);
        return this;
    }

    /** {@code x[indices] = value}; returns this. */
    public Tensor indexPut_(Index[] indices, double value) {
        return indexPut_(indices, Tensor.scalar(value, dtype()), false);
    }

    /** {@code x.index_put_(indices, values, accumulate)}: tensor indices for the leading dims (null: the whole dim). */
    public Tensor indexPut_(List<Tensor> indices, Tensor values, boolean accumulate) {
        Index[] entries = new Index[indices.size()];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = indices.get(i) == null ? Index.slice() : Index.of(indices.get(i));
        }
        return indexPut_(entries, values, accumulate);
    }

    /** {@code x.index_select(dim, index)}: a copy of the entries of the 1-d INT64 index along dim. */
    public Tensor indexSelect(int dim, Tensor index) {
        return IndexOps.indexSelect(this, dim, index);
    }

    /** {@code x.index_add(dim, index, source)}: a copy with source's slices added at the indexed positions. */
    public Tensor indexAdd(int dim, Tensor index, Tensor source) {
        return IndexOps.indexAdd(this, dim, index, source, 1.0);
    }

    /** {@code x.index_add(dim, index, source, alpha=alpha)}. */
    public Tensor indexAdd(int dim, Tensor index, Tensor source, double alpha) {
        return IndexOps.indexAdd(this, dim, index, source, alpha);
    }

    /** {@code x.gather(dim, index)}: out[i][j] = x[index[i][j]][j] for dim 0, and so on. */
    public Tensor gather(int dim, Tensor index) {
        return IndexOps.gather(this, dim, index);
    }

    /** {@code x.scatter(dim, index, src)}: a copy with src's elements written at index along dim. */
    public Tensor scatter(int dim, Tensor index, Tensor src) {
        return IndexOps.scatter(this, dim, index, src, 0, null, false);
    }

    /** {@code x.scatter(dim, index, src, reduce=...)} with reduce "add" or "multiply" (no gradient, as in PyTorch). */
    public Tensor scatter(int dim, Tensor index, Tensor src, String reduce) {
        return IndexOps.scatter(this, dim, index, src, 0, reduce, false);
    }

    /** {@code x.scatter(dim, index, value)}. */
    public Tensor scatter(int dim, Tensor index, double value) {
        return IndexOps.scatter(this, dim, index, null, value, null, false);
    }

    public Tensor scatter(int dim, Tensor index, double value, String reduce) {
        return IndexOps.scatter(this, dim, index, null, value, reduce, false);
    }

    /** {@code x.scatter_add(dim, index, src)}: a copy with src's elements added at index along dim. */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
        return IndexOps.scatter(this, dim, index, src, 0, null, true);
    }

    /** {@code x.masked_fill(mask, value)}: value where the BOOL mask (broadcast) is true. */
    public Tensor maskedFill(Tensor mask, double value) {
        return IndexOps.maskedFill(this, mask, value, null);
    }

    /** {@code x.masked_fill(mask, value)} with a 0-d value tensor (differentiable in it). */
    public Tensor maskedFill(Tensor mask, Tensor value) {
        return IndexOps.maskedFill(this, mask, 0, value);
    }

    public Tensor maskedFill_(Tensor mask, double value) {
        return IndexOps.maskedFillInPlace(this, mask, value, null);
    }

    public Tensor maskedFill_(Tensor mask, Tensor value) {
        return IndexOps.maskedFillInPlace(this, mask, 0, value);
    }

    /** {@code x.masked_select(mask)}: the 1-d elements where the BOOL mask (broadcast) is true. */
    public Tensor maskedSelect(Tensor mask) {
        return IndexOps.maskedSelect(this, mask);
    }

    /** {@code x.take(index)}: x read as 1-d at the INT64 indices, shaped like index. */
    public Tensor take(Tensor index) {
        return IndexOps.take(this, index);
    }

    /** {@code x.nonzero()}: INT64 coordinates of the nonzero elements, shape (count, dim). */
    public Tensor nonzero() {
        return IndexOps.nonzero(this);
    }
    // (end of section)

    // ---------------------------------------------------------------- linear algebra (issue 3)

    /** {@code torch.outer(x, y)}: the outer product of two 1-D tensors (x.reshape(n, 1) * y). */
    public Tensor outer(Tensor vec2) {
        return LinalgOps.outer(this, vec2);
    }

    /** {@code input.addmm(mat1, mat2)}: input + mat1 @ mat2, input broadcast to the product's shape. */
    public Tensor addmm(Tensor mat1, Tensor mat2) {
        return LinalgOps.addmm(this, mat1, mat2, 1, 1);
    }

    /** {@code input.addmm(mat1, mat2, beta=b, alpha=a)}: b * input + a * (mat1 @ mat2). */
    public Tensor addmm(Tensor mat1, Tensor mat2, double beta, double alpha) {
        return LinalgOps.addmm(this, mat1, mat2, beta, alpha);
    }

    /** {@code torch.addmm(input, mat1, mat2, beta=b, alpha=a)}. */
    public static Tensor addmm(Tensor input, Tensor mat1, Tensor mat2, double beta, double alpha) {
        return LinalgOps.addmm(input, mat1, mat2, beta, alpha);
    }

    /** {@code input.baddbmm(batch1, batch2)}: input + batch1 @ batch2 for (b, n, m) and (b, m, p) batches. */
    public Tensor baddbmm(Tensor batch1, Tensor batch2) {
        return LinalgOps.baddbmm(this, batch1, batch2, 1, 1);
    }

    /** {@code input.baddbmm(batch1, batch2, beta=b, alpha=a)}: b * input + a * (batch1 @ batch2). */
    public Tensor baddbmm(Tensor batch1, Tensor batch2, double beta, double alpha) {
        return LinalgOps.baddbmm(this, batch1, batch2, beta, alpha);
    }

    /** {@code torch.baddbmm(input, batch1, batch2, beta=b, alpha=a)}. */
    public static Tensor baddbmm(Tensor input, Tensor batch1, Tensor batch2, double beta, double alpha) {
        return LinalgOps.baddbmm(input, batch1, batch2, beta, alpha);
    }

    /**
     * {@code torch.einsum(equation, *operands)}, e.g. {@code Tensor.einsum("bij,bjk->bik", a, b)};
     * implicit output, "..." and repeated subscripts (diagonals, {@code "ii->"} for the trace) work as in PyTorch.
     */
    public static Tensor einsum(String equation, Tensor... operands) {
        return Einsum.einsum(equation, operands);
    }

    /** {@code torch.diag(x)}: a 1-D tensor becomes a diagonal matrix; a matrix gives its main diagonal. */
    public Tensor diag() {
        return LinalgOps.diag(this, 0);
    }

    /** {@code torch.diag(x, diagonal)}: as {@link #diag()}, above (offset > 0) or below (offset < 0) the main diagonal. */
    public Tensor diag(int offset) {
        return LinalgOps.diag(this, offset);
    }

    /** {@code x.trace()}: the sum of a matrix's main diagonal. */
    public Tensor trace() {
        return LinalgOps.trace(this);
    }

    /** {@code torch.kron(a, b)}: the Kronecker product. */
    public Tensor kron(Tensor other) {
        return LinalgOps.kron(this, other);
    }

    /** {@code torch.cross(a, b, dim)}: the 3-vector cross product along dim (batch dims broadcast). */
    public Tensor cross(Tensor other, int dim) {
        return LinalgOps.cross(this, other, dim);
    }

    /** {@code x.matrix_power(n)} = {@code torch.linalg.matrix_power(x, n)}: A^n for a batch of square matrices (n < 0 inverts). */
    public Tensor matrixPower(long n) {
        return LinalgOps.matrixPower(this, n);
    }

    /** {@code x.inverse()} = {@code torch.linalg.inv(x)} for a batch of square matrices. */
    public Tensor inverse() {
        return LuOps.inv(this);
    }

    /** {@code x.det()} = {@code torch.linalg.det(x)} for a batch of square matrices. */
    public Tensor det() {
        return LuOps.det(this);
    }

    /** {@code torch.linalg.solve(A, B)} with this as A (see {@code org.grad4j.linalg.Linalg#solve}). */
    public Tensor linalgSolve(Tensor b) {
        return LuOps.solve(this, b);
    }

    /** {@code torch.linalg.vector_norm(x, ord, dim, keepdim)}; null dims reduce over all (see Linalg#vectorNorm). */
    public Tensor linalgVectorNorm(double ord, int[] dims, boolean keepdim) {
        return NormOps.vectorNorm(this, ord, dims == null ? null : dims.clone(), keepdim);
    }

    /** {@code torch.linalg.norm(x, ord, dim, keepdim)}; a null ord is Python's None (see Linalg#norm). */
    public Tensor linalgNorm(Double ord, int[] dims, boolean keepdim) {
        return NormOps.norm(this, ord, dims == null ? null : dims.clone(), keepdim);
    }

    /** {@code torch.linalg.norm(A, "fro", dim, keepdim)}. */
    public Tensor linalgNorm(String ord, int[] dims, boolean keepdim) {
        return NormOps.norm(this, ord, dims == null ? null : dims.clone(), keepdim);
    }

    /** {@code torch.linalg.matrix_norm(A, ord, dim, keepdim)} for ord 1, -1, 2, -2, inf, -inf; null dims are (-2, -1). */
    public Tensor linalgMatrixNorm(double ord, int[] dims, boolean keepdim) {
        return NormOps.matrixNorm(this, ord, dims == null ? new int[] {-2, -1} : dims.clone(), keepdim);
    }

    /** {@code torch.linalg.matrix_norm(A, "fro" | "nuc", dim, keepdim)}; null dims are (-2, -1). */
    public Tensor linalgMatrixNorm(String ord, int[] dims, boolean keepdim) {
        return NormOps.matrixNorm(this, ord, dims == null ? new int[] {-2, -1} : dims.clone(), keepdim);
    }

    /** {@code torch.linalg.svdvals(A)}: the singular values of a batch of matrices, descending (see Linalg#svdvals). */
    public Tensor linalgSvdvals() {
        return SvdOps.svdvals(this);
    }

    /** {@code torch.linalg.svd(A, full_matrices)} (see Linalg#svd). */
    public org.grad4j.linalg.Svd linalgSvd(boolean fullMatrices) {
        return SvdOps.svd(this, fullMatrices);
    }
    // (end of section)

    // ---------------------------------------------------------------- random sampling (issue 3)
    /** {@code torch.randint(low, high, size)}: uniform INT64 integers in [low, high). */
    public static Tensor randint(long low, long high, long[] shape) {
        return Sampling.randint(low, high, Shapes.toInts(shape));
    }

    /** {@code torch.randint(high, size)}: uniform INT64 integers in [0, high). */
    public static Tensor randint(long high, long[] shape) {
        return Sampling.randint(0, high, Shapes.toInts(shape));
    }

    /** {@code torch.randperm(n)}: a random permutation of 0..n-1, INT64. */
    public static Tensor randperm(long n) {
        return Sampling.randperm(n);
    }

    /** {@code x.normal_()}: fills with standard normal samples; returns this. */
    public Tensor normal_() {
        return Sampling.normal_(this, 0, 1);
    }

    /** {@code x.normal_(mean, std)}. */
    public Tensor normal_(double mean, double std) {
        return Sampling.normal_(this, mean, std);
    }

    /** {@code x.uniform_()}: fills with uniform samples in [0, 1); returns this. */
    public Tensor uniform_() {
        return Sampling.uniform_(this, 0, 1);
    }

    /** {@code x.uniform_(from, to)}. */
    public Tensor uniform_(double from, double to) {
        return Sampling.uniform_(this, from, to);
    }

    /** {@code torch.bernoulli(p)} / {@code p.bernoulli()}: 1 with probability p[i], else 0 (p's dtype). */
    public Tensor bernoulli() {
        return Sampling.bernoulli(this);
    }

    /** {@code x.bernoulli_(p)}: fills with 1 with probability p, else 0; returns this. */
    public Tensor bernoulli_(double p) {
        return Sampling.bernoulli_(this, p);
    }

    /** {@code x.bernoulli_(p)} with per-element probabilities (broadcast to x's shape). */
    public Tensor bernoulli_(Tensor p) {
        return Sampling.bernoulli_(this, p);
    }

    /** {@code torch.multinomial(probs, numSamples)}: without replacement; rows of non-negative weights. */
    public Tensor multinomial(long numSamples) {
        return Sampling.multinomial(this, numSamples, false);
    }

    /** {@code torch.multinomial(probs, numSamples, replacement)}: INT64 category indices per row. */
    public Tensor multinomial(long numSamples, boolean replacement) {
        return Sampling.multinomial(this, numSamples, replacement);
    }
    // (end of section)

    // ---------------------------------------------------------------- optimizer helpers (issue 6)
    // The fused arithmetic PyTorch's optimizers are written in. Each is composed from the ops above,
    // so under grad mode it records those ops' nodes (e.g. AddBackward0 for addcmul_), not a fused node;
    // optimizers run them under no-grad, where only the arithmetic matters.

    /** {@code torch.add(x, other, alpha=a)}: x + a * other. */
    public Tensor add(Tensor other, double alpha) {
        return alpha == 1.0 ? add(other) : add(other.mul(alpha));
    }

    /** {@code x.add_(other, alpha=a)}: x += a * other; returns this. */
    public Tensor add_(Tensor other, double alpha) {
        return alpha == 1.0 ? add_(other) : add_(other.mul(alpha));
    }

    /** {@code torch.addcmul(x, t1, t2, value=v)}: x + v * t1 * t2. */
    public Tensor addcmul(Tensor tensor1, Tensor tensor2, double value) {
        return add(tensor1.mul(tensor2), value);
    }

    /** {@code x.addcmul_(t1, t2, value=v)}: x += v * t1 * t2; returns this. */
    public Tensor addcmul_(Tensor tensor1, Tensor tensor2, double value) {
        return add_(tensor1.mul(tensor2), value);
    }

    /** {@code torch.addcdiv(x, t1, t2, value=v)}: x + v * t1 / t2. */
    public Tensor addcdiv(Tensor tensor1, Tensor tensor2, double value) {
        return add(tensor1.div(tensor2), value);
    }

    /** {@code x.addcdiv_(t1, t2, value=v)}: x += v * t1 / t2; returns this. */
    public Tensor addcdiv_(Tensor tensor1, Tensor tensor2, double value) {
        return add_(tensor1.div(tensor2), value);
    }

    /** {@code x.sqrt_()}; returns this. */
    public Tensor sqrt_() {
        return copy_(sqrt());
    }

    /** {@code x.clamp_(min, max)}; returns this. */
    public Tensor clamp_(double min, double max) {
        return copy_(clamp(min, max));
    }

    /**
     * {@code torch::from_blob(data, sizes)}: a FLOAT32 tensor over {@code data} itself (no copy; later
     * writes to the array show through). For loaders that build large tensors from raw arrays.
     */
    public static Tensor fromBlob(float[] data, long... shape) {
        return new Tensor(Storage.of(data), blobShape(data.length, shape));
    }

    /** {@code torch::from_blob} for FLOAT64. */
    public static Tensor fromBlob(double[] data, long... shape) {
        return new Tensor(Storage.of(data), blobShape(data.length, shape));
    }

    /** {@code torch::from_blob} for INT64. */
    public static Tensor fromBlob(long[] data, long... shape) {
        return new Tensor(Storage.of(data), blobShape(data.length, shape));
    }

    /** {@code torch::from_blob} for BOOL. */
    public static Tensor fromBlob(boolean[] data, long... shape) {
        return new Tensor(Storage.of(data), blobShape(data.length, shape));
    }

    private static int[] blobShape(int length, long[] shape) {
        int[] sizes = Shapes.toInts(shape);
        if (Shapes.numel(sizes) != length) {
            throw new IllegalArgumentException("shape " + Shapes.format(sizes) + " needs " + Shapes.numel(sizes)
                    + " elements but the array holds " + length);
        }
        return sizes;
    }

    /** A row-major copy of the elements of an INT64 tensor, exact (no trip through double). */
    public long[] toLongArrayExact() {
        if (dtype() != DType.INT64) {
            throw new IllegalArgumentException("expected a Long tensor but got " + dtype().scalarTypeName());
        }
        long[] source = Compute.dense(this).longs();
        return Arrays.copyOf(source, (int) numel());
    }
    // (end of section)

    // ---------------------------------------------------------------- autograd extras (issue 5)
    static {
        TensorInternals.register(new TensorInternals.Access() {
            @Override
            public Storage storage(Tensor t) {
                return t.storage;
            }

            @Override
            public int[] sizes(Tensor t) {
                return t.shape;
            }

            @Override
            public void setHistory(Tensor t, Node node, int outputNr) {
                t.setHistory(node, outputNr);
            }

            @Override
            public void setTangent(Tensor t, Tensor tangent) {
                t.tangent = tangent;
                t.tangentLevel = org.grad4j.autograd.ForwardAD.currentLevel();
            }

            @Override
            public boolean isView(Tensor t) {
                return t.base != null;
            }
        });
    }

    /**
     * {@code torch.get_rng_state()}: the state of the generator behind manualSeed, rand, randn and
     * the sampling ops, as an INT64 tensor that {@link #setRngState} restores (so a random
     * computation can be replayed, as checkpointing does).
     */
    public static Tensor getRngState() {
        return Tensor.of(Factories.GENERATOR.state());
    }

    /** {@code torch.set_rng_state(state)}: restores a state returned by {@link #getRngState}. */
    public static void setRngState(Tensor state) {
        if (state.dtype() != DType.INT64 || state.dim() != 1 || state.numel() != Generator.STATE_WORDS) {
            throw new IllegalArgumentException("RNG state must be an INT64 tensor of " + Generator.STATE_WORDS
                    + " elements returned by Tensor.getRngState(), got " + state.dtype().scalarTypeName() + " of shape "
                    + Shapes.format(state.shape));
        }
        // Read the words directly: toLongArray goes through double, which would round the cached sample's bits.
        long[] words = new long[Generator.STATE_WORDS];
        for (int i = 0; i < words.length; i++) {
            words[i] = state.storage.longs()[state.offset + i * state.strides[0]];
        }
        Factories.GENERATOR.restore(words);
    }
    // (end of section)

    // ---------------------------------------------------------------- data out

    /** {@code x.item()}: the value of a one-element tensor. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalArgumentException("a Tensor with " + numel()
                    + " elements cannot be converted to Scalar");
        }
        return storage.getAsDouble(offset);
    }

    /** {@code x.tolist()} flattened: a row-major copy of the elements as doubles. */
    public double[] toDoubleArray() {
        Storage dense = Compute.dense(this);
        double[] out = new double[(int) numel()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dense.getAsDouble(i);
        }
        return out;
    }

    /** {@code x.numpy()} flattened, as float. */
    public float[] toFloatArray() {
        double[] values = toDoubleArray();
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /** A row-major copy of the elements as longs (floating values truncated). */
    public long[] toLongArray() {
        double[] values = toDoubleArray();
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (long) values[i];
        }
        return out;
    }

    /** The element at a flat row-major index, read through the strides. */
    double elementAt(long flatIndex) {
        long rest = flatIndex;
        int at = offset;
        for (int d = shape.length - 1; d >= 0; d--) {
            at += (int) (rest % shape[d]) * strides[d];
            rest /= shape[d];
        }
        return storage.getAsDouble(at);
    }

    /** PyTorch's repr, e.g. {@code tensor([1., 2.], requires_grad=True)}. */
    @Override
    public String toString() {
        List<String> suffixes = new ArrayList<>(2);
        if (dtype() != DType.FLOAT32 && dtype() != DType.INT64 && dtype() != DType.BOOL) {
            suffixes.add("dtype=" + dtype().torchName());
        }
        Node fn = gradFn();
        if (fn != null) {
            suffixes.add("grad_fn=<" + fn.name() + ">");
        } else if (requiresGrad) {
            suffixes.add("requires_grad=True");
        }
        String tangent = Dual.reprSuffix(this);
        if (tangent != null) {
            suffixes.add(tangent);
        }
        return TensorPrinter.repr(shape(), dtype(), this::elementAt, suffixes);
    }

    static boolean gradModeEnabled() {
        return GradMode.isEnabled();
    }
}
