package io.nasscore.bench;

import io.nasscore.core.Dataset;
import io.nasscore.core.metrics.CostSummary;
import io.nasscore.core.proxy.ProxyValidation;
import io.nasscore.core.truth.Csv;
import io.nasscore.core.truth.GroundTruth;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table of docs/results.md "The field's proxies, validated": baselines.md §11 levels 1 and 2 of our proxies
 * (a scores CSV) against the published NAS-Bench-Suite-Zero columns on the same architectures, τ against the
 * shipped CIFAR-10 test accuracies, then the time of each pass per architecture.
 *
 * <pre>mvn -q -B -o -pl bench exec:java -Dexec.mainClass=io.nasscore.bench.ProxyValidationTable \
 *   -Dexec.args="docs/results/proxies-validation-b64.csv data/src/main/resources/io/nasscore/data/nb201/published_proxies_cifar10.csv"</pre>
 */
public final class ProxyValidationTable {
    private ProxyValidationTable() {}

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: ProxyValidationTable OURS.csv PUBLISHED.csv");
            System.exit(2);
        }
        Csv.Table ours = Csv.read(Path.of(args[0]));
        Csv.Table published = Csv.read(Path.of(args[1]));
        GroundTruth truth = GroundTruth.shipped(Dataset.CIFAR10);
        Map<Integer, Csv.Row> pub = new HashMap<>();
        for (Csv.Row r : published.rows()) pub.put(r.getInt("index"), r);

        List<ProxyValidation.Row> rows = new ArrayList<>();
        for (ProxyValidation.Expectation e : ProxyValidation.SPEC) {
            if (!ours.hasColumn(e.proxy().column())) continue;
            List<double[]> triples = new ArrayList<>();
            for (Csv.Row r : ours.rows()) {
                int index = r.getInt("index");
                Csv.Row p = pub.get(index);
                String o = r.get(e.proxy().column()).trim();
                if (p == null || o.isEmpty() || p.get(e.column()).isBlank() || index == 1651) continue;
                triples.add(new double[] {Double.parseDouble(o), p.getDouble(e.column()), truth.accuracy(index)});
            }
            double[] a = new double[triples.size()];
            double[] b = new double[triples.size()];
            double[] c = new double[triples.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = triples.get(i)[0];
                b[i] = triples.get(i)[1];
                c[i] = triples.get(i)[2];
            }
            rows.add(ProxyValidation.validate(e, a, b, c));
        }
        System.out.print(ProxyValidation.markdown(rows));
        System.out.println();
        System.out.println("| pass | n | mean ms | median ms |");
        System.out.println("|---|---|---|---|");
        for (String col : ours.header()) {
            if (!col.endsWith("_ms")) continue;
            List<Double> v = new ArrayList<>();
            for (Csv.Row r : ours.rows()) {
                String s = r.get(col).trim();
                if (!s.isEmpty()) v.add(Double.parseDouble(s));
            }
            if (v.isEmpty()) continue;
            CostSummary cs = CostSummary.of(v.stream().mapToDouble(Double::doubleValue).toArray());
            System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f |%n", col, cs.n(), cs.mean(), cs.median());
        }
    }
}
