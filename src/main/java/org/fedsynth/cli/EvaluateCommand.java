package org.fedsynth.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fedsynth.config.ConfigException;
import org.fedsynth.eval.features.DomainEvaluator;
import org.fedsynth.eval.pipeline.EvalOptions;
import org.fedsynth.eval.pipeline.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fedsynth evaluate}: fidelity, trigger score and utility of a finished run, into {@code RUN/eval.json}. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Compute every metric for a finished run and write RUN/eval.json (plus features-real.csv and"
                + " features-fake.csv): FD, KID, precision, recall, density, coverage (overall and per class) on the real"
                + " test split, the trigger score of the generated images, the privacy audit (distance to closest record,"
                + " nearest-neighbour distance ratio and GAN-Leaks membership inference against the training images, overall"
                + " and per client; privacy-nearest.png shows the nearest copies), and the utility study.",
            "Without --evaluator or --torchscript, the domain evaluator cached in <run parent>/.evaluator-<fingerprint>/"
                + " is used, and trained there on first use."})
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "the run folder (fedsynth train --out)")
    Path run;

    @Option(names = "--evaluator", paramLabel = "DIR", description = "a domain evaluator folder (fedsynth evaluator train)")
    Path evaluator;

    @Option(names = "--torchscript", paramLabel = "FILE",
            description = "a TorchScript feature network, e.g. Inception-v3 pool3 (input [N,3,299,299] in [0,1], output [N,d])")
    Path torchscript;

    @Option(names = "--force", description = "use an --evaluator trained on other data (a warning instead of an error)")
    boolean force;

    @Option(names = "--n", defaultValue = "1000", paramLabel = "N", description = "generated images, classes balanced (default ${DEFAULT-VALUE})")
    int n;

    @Option(names = "--k", defaultValue = "5", description = "k of the k-NN radii for precision/recall/density/coverage (default ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--kid-subsets", defaultValue = "100", paramLabel = "S", description = "KID subsets (default ${DEFAULT-VALUE})")
    int kidSubsets;

    @Option(names = "--kid-subset-size", defaultValue = "1000", paramLabel = "M",
            description = "KID subset size, capped by both set sizes (default ${DEFAULT-VALUE})")
    int kidSubsetSize;

    @Option(names = "--utility-n", defaultValue = "10,50,100,all", paramLabel = "LIST",
            description = "real images per class for the utility study (default ${DEFAULT-VALUE})")
    String utilityN;

    @Option(names = "--utility-m", defaultValue = "100", paramLabel = "M", description = "synthetic images per class added (default ${DEFAULT-VALUE})")
    int utilityM;

    @Option(names = "--utility-seeds", defaultValue = "3", paramLabel = "S", description = "utility repetitions (default ${DEFAULT-VALUE})")
    int utilitySeeds;

    @Option(names = "--utility-steps", defaultValue = "150", paramLabel = "T",
            description = "Adam steps per diagnostic classifier (default ${DEFAULT-VALUE})")
    int utilitySteps;

    @Option(names = "--utility-rebalance", defaultValue = "auto", paramLabel = "auto|off|N",
            description = "utility study's rebalancing arm: every real image, rare classes topped up with synthetic ones to N"
                    + " per class; auto = the median class count when the largest class is >= 3x the smallest (default ${DEFAULT-VALUE})")
    String utilityRebalance;

    @Option(names = "--no-utility", description = "skip the utility study")
    boolean noUtility;

    @Option(names = "--no-privacy", description = "skip the privacy audit (DCR, NNDR, membership inference, nearest copies)")
    boolean noPrivacy;

    @Option(names = "--seed", defaultValue = "1", description = "seed of generation, KID subsets and utility (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        EvalOptions o = EvalOptions.defaults()
                .withFeatures(evaluator, torchscript, force)
                .withSizes(n, k, kidSubsets, kidSubsetSize, seed)
                .withUtility(!noUtility, EvalOptions.parseNs(utilityN), utilityM, utilitySeeds, utilitySteps)
                .withRebalance(EvalOptions.parseRebalance(utilityRebalance))
                .withPrivacy(!noPrivacy);
        try {
            Evaluation.run(run, o, System.out);
        } catch (DomainEvaluator.EvaluatorMismatchException e) {
            throw new ConfigException(e.getMessage(), e);
        }
        return 0;
    }
}
