package io.nasscore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nasscore.core.Dataset;
import io.nasscore.core.space.Arch;
import io.nasscore.core.space.Cost;
import io.nasscore.core.space.Op;
import io.nasscore.core.space.SearchSpace;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "inspect", description = "One architecture: its index, string, parameter count, FLOPs and tensors.")
final class InspectCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INDEX|ARCH", description = "an NB201 index (0..15624) or an arch string")
    String arch;

    @Option(names = "--dataset", defaultValue = "cifar10", description = "cifar10, cifar100 or imagenet16-120 (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--format", paramLabel = "table|csv|json",
            description = "table (for people), csv (a header and one row) or json (one object with keys index, arch, dataset, "
                    + "params, flops_m, tensors, weight_tensors); default: table")
    OutputFormat format;

    @Option(names = "--json", hidden = true, description = "deprecated: --format json")
    Boolean json;

    @Override
    public Integer call() throws Exception {
        Dataset ds = Dataset.of(dataset);
        Arch a = SearchSpace.resolve(arch);
        PrintWriter out = spec.commandLine().getOut();
        long params = Cost.params(a, ds.classes());
        double flops = Cost.flopsM(a, ds);
        int tensors = Cost.tensors(a);
        OutputFormat f = DeprecatedOption.resolve(spec.commandLine().getErr(), "inspect", "--format", format,
                "--json", json == null ? null : OutputFormat.json);
        if (f == null) f = OutputFormat.table;
        if (f == OutputFormat.csv) {
            out.println("index,arch,dataset,params,flops_m,tensors,weight_tensors");
            out.println(String.join(",", Integer.toString(a.index()), a.toString(), ds.id(), Long.toString(params),
                    f.number(flops, 5), Integer.toString(tensors), Integer.toString(Cost.weightTensors(a))));
        } else if (f == OutputFormat.json) {
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("index", a.index());
            o.put("arch", a.toString());
            o.put("dataset", ds.id());
            o.put("params", params);
            o.put("flops_m", flops);
            o.put("tensors", tensors);
            o.put("weight_tensors", Cost.weightTensors(a));
            out.println(o);
        } else {
            out.printf(Locale.ROOT, "index          %d%n", a.index());
            out.printf(Locale.ROOT, "arch           %s%n", a);
            out.printf(Locale.ROOT, "dataset        %s (K = %d, %dx%d)%n", ds.id(), ds.classes(), ds.imageSize(), ds.imageSize());
            out.printf(Locale.ROOT, "params         %,d%n", params);
            out.printf(Locale.ROOT, "flops (M)      %.5f%n", flops);
            out.printf(Locale.ROOT, "tensors        %d (%d with two or more dimensions: N of the parameter scores)%n",
                    tensors, Cost.weightTensors(a));
            StringBuilder edges = new StringBuilder();
            for (int e = 0; e < Arch.EDGES; e++) {
                edges.append(String.format(Locale.ROOT, "%n  e%d %d->%d  %s", e, Arch.EDGE_SOURCE[e], Arch.EDGE_TARGET[e], a.op(e)));
            }
            out.printf(Locale.ROOT, "edges%s%n", edges);
            out.printf(Locale.ROOT, "op counts      conv3x3 %d, conv1x1 %d, avgpool %d, skip %d, none %d%n",
                    a.count(Op.NOR_CONV_3X3), a.count(Op.NOR_CONV_1X1), a.count(Op.AVG_POOL_3X3),
                    a.count(Op.SKIP_CONNECT), a.count(Op.NONE));
        }
        out.flush();
        return 0;
    }
}
