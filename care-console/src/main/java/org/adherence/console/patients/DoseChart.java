package org.adherence.console.patients;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;

import org.adherence.contracts.codes.Severity;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.entity.ChartEntity;
import org.jfree.chart.entity.StandardEntityCollection;
import org.jfree.chart.entity.XYItemEntity;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The patient page's chart, drawn by JFreeChart on the server as a PNG: each day's baclofen total (a bar, red above
 * the 80 mg daily maximum) against the daily maximum and the prescribed daily dose, each single dose (a dot, red above
 * 20 mg) against the single-dose maximum, and symptom reports and alerts as vertical marks on the same time axis, in
 * the patient's time zone. With the image comes an image map: one area per day's bar, whose text says the day, its
 * total and whether it is above the maximum, for screen readers and for the tests.
 */
public final class DoseChart {

    private static final Logger log = LoggerFactory.getLogger(DoseChart.class);

    static final int WIDTH = 960;

    static final int HEIGHT = 420;

    private static final Color BAR = new Color(0x2F5D8A);

    private static final Color OVER = new Color(0xB3261E);

    private static final Color DOSE = new Color(0x1B1B1B);

    private static final Color PRESCRIBED = new Color(0x1E6B33);

    private static final Color SYMPTOMS = new Color(0x6A1B9A);

    private static final Map<Severity, Color> SEVERITY = new EnumMap<>(Map.of(Severity.CRITICAL, new Color(0xB3261E),
            Severity.HIGH, new Color(0xC15400), Severity.WARNING, new Color(0x8A6D00), Severity.INFO,
            new Color(0x4A5A66)));

    private static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {8f, 5f}, 0f);

    private DoseChart() {
    }

    /** The drawn chart: a {@code data:} URI of the PNG (the page's CSP allows {@code img-src data:}) and its map. */
    public record Drawn(String dataUri, int width, int height, List<Area> areas) {
    }

    /** One day's bar in the image map. */
    public record Area(String shape, String coords, String text, boolean aboveDailyMax) {
    }

    /** The chart, or empty when this JRE cannot draw (no fonts): the page then shows the table alone. */
    public static Optional<Drawn> draw(PatientRecord record, List<DailyDoses.Day> days, ZoneId zone, Instant from,
                                       Instant to) {
        try {
            return Optional.of(render(record, days, zone, from, to));
        }
        catch (RuntimeException | Error e) {
            // what a JRE without fonts throws varies (UnsatisfiedLinkError, "No fonts found", an NPE in
            // FontConfiguration); the JVM's own troubles are not this
            if (e instanceof VirtualMachineError) {
                throw e;
            }
            log.warn("The dose chart cannot be drawn by this JRE: {}", e.toString());
            return Optional.empty();
        }
    }

    private static Drawn render(PatientRecord record, List<DailyDoses.Day> days, ZoneId zone, Instant from,
                                Instant to) {
        XYIntervalSeries totals = new XYIntervalSeries("Daily total");
        double highest = DailyDoses.DAILY_MAX_MG.doubleValue();
        for (DailyDoses.Day day : days) {
            long start = day.date().atStartOfDay(zone).toInstant().toEpochMilli();
            long end = day.date().plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
            long gap = (end - start) / 10;
            double total = day.totalMg().doubleValue();
            totals.add((start + end) / 2.0, start + gap, end - gap, total, total, total);
            highest = Math.max(highest, Math.max(total, day.prescribedMg().doubleValue()));
        }
        XYIntervalSeriesCollection bars = new XYIntervalSeriesCollection();
        bars.addSeries(totals);

        XYSeries single = new XYSeries("Single dose", false, true);
        for (PatientRecord.Dose dose : record.doses()) {
            if (DailyDoses.isBaclofen(dose.drug())) {
                single.add(dose.takenAt().toInstant().toEpochMilli(), dose.doseMg().doubleValue());
            }
        }
        XYSeries prescribed = new XYSeries("Prescribed daily dose", false, true);
        for (DailyDoses.Day day : days) {
            prescribed.add(day.date().atStartOfDay(zone).toInstant().toEpochMilli(), day.prescribedMg().doubleValue());
        }
        if (!days.isEmpty()) {
            DailyDoses.Day last = days.get(days.size() - 1);
            prescribed.add(last.date().plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli(),
                    last.prescribedMg().doubleValue());
        }

        DateAxis time = new DateAxis("Date (" + zone.getId() + ")");
        time.setTimeZone(TimeZone.getTimeZone(zone));
        time.setLocale(Locale.ROOT);
        if (!days.isEmpty()) {
            time.setRange(days.get(0).date().atStartOfDay(zone).toInstant().toEpochMilli(),
                    days.get(days.size() - 1).date().plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli());
        }
        NumberAxis mg = new NumberAxis("Baclofen (mg)");
        mg.setRange(0, Math.ceil(highest * 1.15 / 10) * 10);

        XYBarRenderer barRenderer = new XYBarRenderer() {
            @Override
            public Paint getItemPaint(int series, int item) {
                return bars.getYValue(series, item) > DailyDoses.DAILY_MAX_MG.doubleValue() ? OVER : BAR;
            }
        };
        barRenderer.setBarPainter(new StandardXYBarPainter());
        barRenderer.setShadowVisible(false);
        barRenderer.setDrawBarOutline(false);

        XYSeriesCollection doses = new XYSeriesCollection(single);
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true) {
            @Override
            public Paint getItemPaint(int series, int item) {
                return doses.getYValue(series, item) > DailyDoses.SINGLE_DOSE_MAX_MG.doubleValue() ? OVER : DOSE;
            }
        };
        dots.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
        XYStepRenderer step = new XYStepRenderer();
        step.setSeriesPaint(0, PRESCRIBED);
        step.setSeriesStroke(0, new BasicStroke(2.5f));

        XYPlot plot = new XYPlot(bars, time, mg, barRenderer);
        plot.setDataset(1, doses);
        plot.setRenderer(1, dots);
        plot.setDataset(2, new XYSeriesCollection(prescribed));
        plot.setRenderer(2, step);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xD0D0D0));
        plot.setDomainGridlinePaint(new Color(0xE4E4E4));
        plot.addRangeMarker(limit(DailyDoses.DAILY_MAX_MG.doubleValue(), OVER, "80 mg daily maximum"));
        plot.addRangeMarker(limit(DailyDoses.SINGLE_DOSE_MAX_MG.doubleValue(), new Color(0xC15400),
                "20 mg single-dose maximum"));
        for (PatientRecord.SymptomReport report : record.symptoms()) {
            plot.addDomainMarker(mark(report.observedAt().toInstant(), SYMPTOMS), Layer.BACKGROUND);
        }
        for (PatientRecord.Finding finding : record.findings()) {
            if (!finding.at().isBefore(from) && !finding.at().isAfter(to)) {
                plot.addDomainMarker(mark(finding.at(), SEVERITY.get(finding.severity())), Layer.BACKGROUND);
            }
        }
        plot.setFixedLegendItems(legend());

        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        ChartRenderingInfo info = new ChartRenderingInfo(new StandardEntityCollection());
        BufferedImage image = chart.createBufferedImage(WIDTH, HEIGHT, info);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ChartUtils.writeBufferedImageAsPNG(png, image);
        }
        catch (IOException inMemory) {
            throw new IllegalStateException(inMemory);
        }
        List<Area> areas = new ArrayList<>();
        for (Object entity : info.getEntityCollection().getEntities()) {
            if (entity instanceof XYItemEntity item && item.getDataset() == bars) {
                DailyDoses.Day day = days.get(item.getItem());
                areas.add(new Area(((ChartEntity) item).getShapeType(), item.getShapeCoords(), describe(day),
                        day.aboveDailyMax()));
            }
        }
        return new Drawn("data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray()), WIDTH,
                HEIGHT, areas);
    }

    /** What a day's bar says. */
    static String describe(DailyDoses.Day day) {
        StringBuilder text = new StringBuilder(day.date().toString()).append(": ")
                .append(day.totalMg().stripTrailingZeros().toPlainString()).append(" mg in ").append(day.doses())
                .append(day.doses() == 1 ? " dose" : " doses");
        if (day.aboveDailyMax()) {
            text.append(", above the 80 mg daily maximum");
        }
        if (day.aboveSingleMax()) {
            text.append(", ").append(day.dosesAboveSingleMax()).append(" above the 20 mg single-dose maximum");
        }
        return text.toString();
    }

    private static ValueMarker limit(double value, Color color, String label) {
        ValueMarker marker = new ValueMarker(value, color, DASHED);
        marker.setLabel(label);
        marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        marker.setLabelPaint(color);
        marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        marker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        return marker;
    }

    private static ValueMarker mark(Instant at, Color color) {
        ValueMarker marker = new ValueMarker(at.toEpochMilli(), color, new BasicStroke(1.5f));
        marker.setAlpha(0.8f);
        return marker;
    }

    private static LegendItemCollection legend() {
        LegendItemCollection items = new LegendItemCollection();
        Rectangle box = new Rectangle(-5, -5, 10, 10);
        items.add(new LegendItem("Daily total", null, null, null, box, BAR));
        items.add(new LegendItem("Day above 80 mg", null, null, null, box, OVER));
        items.add(new LegendItem("Single dose", null, null, null, new Ellipse2D.Double(-4, -4, 8, 8), DOSE));
        items.add(new LegendItem("Prescribed daily dose", null, null, null, box, PRESCRIBED));
        items.add(new LegendItem("Symptom report", null, null, null, new Rectangle(-1, -6, 2, 12), SYMPTOMS));
        items.add(new LegendItem("Alert", null, null, null, new Rectangle(-1, -6, 2, 12),
                SEVERITY.get(Severity.HIGH)));
        return items;
    }
}
