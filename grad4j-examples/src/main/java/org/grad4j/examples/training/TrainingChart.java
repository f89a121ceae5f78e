package org.grad4j.examples.training;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;

/** Per-epoch training curves (loss, accuracy, ...) collected during training and saved as one PNG. */
public final class TrainingChart {
    private final String title;
    private final Map<String, double[]> curves = new LinkedHashMap<>();
    private final int epochs;

    public TrainingChart(String title, int epochs, String... curveNames) {
        this.title = title;
        this.epochs = epochs;
        for (String name : curveNames) {
            curves.put(name, new double[epochs]);
        }
    }

    /** Records {@code value} for curve {@code name} at epoch {@code epoch} (0-based). */
    public void record(String name, int epoch, double value) {
        double[] curve = curves.get(name);
        if (curve == null) {
            throw new IllegalArgumentException("no curve named " + name + "; curves: " + curves.keySet());
        }
        curve[epoch] = value;
    }

    public void save(Path png) throws IOException {
        // Charts render off-screen; build machines have no display.
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(700).height(450).title(title).xAxisTitle("epoch").build();
        // Below the plot, in one row: inside it would cover the curves' ends.
        chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(LegendLayout.Horizontal);
        double[] x = new double[epochs];
        for (int i = 0; i < epochs; i++) {
            x[i] = i + 1;
        }
        curves.forEach((name, values) -> chart.addSeries(name, x, values));
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG);
        }
    }
}
