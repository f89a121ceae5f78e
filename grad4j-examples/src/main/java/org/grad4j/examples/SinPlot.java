// Plots sin(x) next to its derivative (as computed by autograd) into a PNG file with XChart.
package org.grad4j.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The D2L exercise's figure: f(x) = sin(x) and f'(x) as two lines with a legend. */
public final class SinPlot {
    private SinPlot() {
    }

    /** Writes the two curves, sampled at {@code x}, as a PNG to {@code png}. */
    public static void save(double[] x, double[] sin, double[] derivative, Path png) throws IOException {
        // Charts render off-screen; no display is needed (or available on build machines).
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder()
                .width(800)
                .height(500)
                .title("sin(x) and its derivative by autograd")
                .xAxisTitle("x")
                .yAxisTitle("f(x)")
                .build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
        chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(LegendLayout.Horizontal);
        // XChart puts x ticks on evenly spaced data points; one decimal keeps their labels short.
        chart.getStyler().setXAxisDecimalPattern("0.#");
        chart.addSeries("f(x) = sin(x)", x, sin).setMarker(SeriesMarkers.NONE);
        chart.addSeries("f'(x) = x.grad after y.sum().backward()", x, derivative).setMarker(SeriesMarkers.NONE);
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG);
        }
    }
}
