package io.nasscore.report;

import io.nasscore.core.Dataset;
import io.nasscore.report.ReportModel.Column;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** The words and numbers of the report, one spelling for the figures, the captions and the HTML page. */
final class Labels {
    private Labels() {}

    /** The name shown for a column: the paper's score names as they are, the baselines spelled out. */
    static String label(Column c) {
        return switch (c.name()) {
            case "params" -> c.baseline() ? "#params" : c.name();
            case "flops" -> c.baseline() ? "FLOPs" : c.name();
            default -> c.name();
        };
    }

    static String datasetName(Dataset d) {
        return switch (d) {
            case CIFAR10 -> "CIFAR-10";
            case CIFAR100 -> "CIFAR-100";
            case IMAGENET16_120 -> "ImageNet16-120";
        };
    }

    /** The configuration line drawn under every figure title. */
    static String configLine(ReportModel m) {
        return datasetName(m.dataset()) + " · " + m.input().config().describe() + " · "
                + m.indices().length + " architectures · " + m.runs() + " runs of " + m.runSize() + " (sampling seed " + m.seed() + ")";
    }

    static String fmt(double v, String pattern) {
        if (Double.isNaN(v)) return "n/a";
        return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v);
    }

    /** A few significant digits, whatever the magnitude (slopes range over orders of magnitude). */
    static String sig(double v) {
        if (Double.isNaN(v)) return "n/a";
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 100) return fmt(v, "0");
        if (a >= 1) return fmt(v, "0.00");
        if (a >= 0.001) return fmt(v, "0.0000");
        return String.format(Locale.ROOT, "%.2e", v);
    }
}
