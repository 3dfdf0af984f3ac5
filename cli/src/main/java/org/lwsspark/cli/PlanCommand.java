package org.lwsspark.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.lwsspark.common.Json;
import org.lwsspark.model.plan.BudgetSolver;
import org.lwsspark.model.plan.LayerPlan;
import org.lwsspark.model.plan.ModelPlan;
import org.lwsspark.model.plan.ModelSize;
import org.lwsspark.model.plan.Presets;
import org.lwsspark.model.plan.Shape;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./lws plan}: the per-layer widths of a preset, or the knots the budget solver finds. */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = {
            "Print the per-layer plan of an LWS profile, or solve for knots that meet a parameter budget.",
            "Examples:",
            "  ./lws plan --profile crown-18",
            "  ./lws plan --profile vanilla-12 --size tiny --json",
            "  ./lws plan --shape crown --layers 18 --d-model 768 --budget 180M"
        })
final class PlanCommand implements Callable<Integer> {

    @ArgGroup(multiplicity = "1")
    private Mode mode;

    static final class Mode {
        @Option(
                names = "--profile",
                required = true,
                description = "a preset of conf/lws-models.conf: ${COMPLETION-CANDIDATES}",
                completionCandidates = ProfileNames.class)
        String profile;

        @ArgGroup(exclusive = false)
        Solve solve;
    }

    static final class Solve {
        @Option(names = "--shape", required = true, description = "isotropic, vanilla, framed, reverse or crown")
        String shape;

        @Option(names = "--layers", required = true, description = "number of blocks")
        int layers;

        @Option(names = "--budget", required = true, description = "target total parameters, e.g. 180M, 1.5B, 5M")
        String budget;

        @Option(names = "--d-model", description = "residual width (default: the size's)")
        Integer dModel;

        @Option(
                names = "--tolerance",
                defaultValue = "0.01",
                description = "accepted relative error (default: ${DEFAULT-VALUE})")
        double tolerance;
    }

    @Option(
            names = "--size",
            defaultValue = "tiny",
            description = "size preset: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})",
            completionCandidates = SizeNames.class)
    private String size;

    @Option(names = "--json", description = "print one JSON object instead of a table")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        Presets presets = Presets.builtIn();
        ModelSize modelSize = presets.size(size);
        PrintStream out = System.out;
        if (mode.profile != null) {
            ModelPlan plan = presets.plan(mode.profile, size);
            if (json) {
                out.println(Json.MAPPER.writeValueAsString(plan.json()));
            } else {
                printTable(plan, out);
            }
            return ExitCodes.OK;
        }
        Solve s = mode.solve;
        if (s.dModel != null) {
            modelSize = modelSize.withDModel(s.dModel);
        }
        BudgetSolver.Solution solution = BudgetSolver.solve(
                Shape.parse(s.shape), s.layers, modelSize, BudgetSolver.parseCount(s.budget), s.tolerance);
        ModelPlan plan = solution.plan();
        if (json) {
            ObjectNode node = Json.MAPPER.valueToTree(plan.json());
            node.putPOJO("beta_knots", plan.profile().beta());
            node.putPOJO("alpha_knots", plan.profile().alpha());
            node.put("framed", plan.profile().framed());
            node.put("target_params", solution.target());
            node.put("relative_error", solution.relativeError());
            out.println(Json.MAPPER.writeValueAsString(node));
        } else {
            out.printf(
                    "solved %s: beta knots %s, alpha knots %s%s; %s parameters, %+.2f%% from the target %s%n%n",
                    plan.profile().name(),
                    plan.profile().beta(),
                    plan.profile().alpha(),
                    plan.profile().framed() ? ", framed" : "",
                    BudgetSolver.human(plan.totalParams()),
                    100 * solution.relativeError(),
                    BudgetSolver.human(solution.target()));
            printTable(plan, out);
        }
        return ExitCodes.OK;
    }

    private static void printTable(ModelPlan plan, PrintStream out) {
        out.printf(
                "profile %s, size %s: d_model %d, head_dim %d, %d query heads per KV head, vocabulary %d%n%n",
                plan.profile().name(),
                plan.size().name(),
                plan.size().dModel(),
                plan.size().headDim(),
                plan.size().gqaGroup(),
                plan.size().vocabSize());
        out.printf(
                "%5s %6s %6s %7s %8s %6s %10s %12s%n",
                "layer", "alpha", "beta", "q heads", "kv heads", "q dim", "ffn hidden", "params");
        for (LayerPlan l : plan.layers()) {
            out.printf(
                    "%5d %6.3f %6.3f %7d %8d %6d %10d %,12d%n",
                    l.index(), l.alpha(), l.beta(), l.qHeads(), l.kvHeads(), l.qDim(), l.ffnHidden(), l.params());
        }
        out.printf(
                "%nblocks %,d + embedding %,d + final norm and LM head %,d%n",
                plan.blockParams(), plan.embeddingParams(), plan.headParams());
        out.printf(
                "total %,d parameters (%s); non-embedding %,d%n",
                plan.totalParams(), BudgetSolver.human(plan.totalParams()), plan.nonEmbeddingParams());
    }

    /** Completion candidates: the profile presets. */
    static final class ProfileNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Presets.builtIn().profileNames().iterator();
        }
    }

    /** Completion candidates: the size presets. */
    static final class SizeNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Presets.builtIn().sizeNames().iterator();
        }
    }
}
