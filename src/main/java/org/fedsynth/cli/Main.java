package org.fedsynth.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fedsynth} command line: parses, builds configuration and delegates; no logic here.
 */
@Command(
        name = "fedsynth",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Federated conditional-GAN synthesis of labelled medical images, with backdoor attacks and FedDetect.",
        subcommands = {
            DemoCommand.class,
            TrainCommand.class,
            GenerateCommand.class,
            SweepCommand.class,
            RobustnessCommand.class,
            ReportCommand.class,
            BenchCommand.class,
            DataCommand.class,
            EvaluateCommand.class,
            EvaluatorCommand.class,
            ServeCommand.class,
            JoinCommand.class,
            CertsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Callable<Integer> {

    /** Exit status for bad configuration or arguments. */
    public static final int EXIT_CONFIG = 2;

    /** Exit status for a failed run (bad data, I/O). */
    public static final int EXIT_FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit status (tests call this directly). */
    public static int run(String... args) {
        configureRuntime();
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new Errors());
        cl.getSubcommands().get("train").getCommandSpec().usageMessage().footer(TrainCommand.footer());
        return cl.execute(args);
    }

    /** Offline DJL, quiet logs, threads = cores unless the user set them. */
    static void configureRuntime() {
        System.setProperty("ai.djl.offline", "true");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setDefault("org.slf4j.simpleLogger.log.ai.djl", "error");
        setDefault("ai.djl.pytorch.num_threads", String.valueOf(Runtime.getRuntime().availableProcessors()));
        setDefault("ai.djl.pytorch.num_interop_threads", "1");
        setDefault("ai.djl.pytorch.graph_optimizer", "false");
        System.setProperty("java.awt.headless", "true");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"fedsynth " + (v == null ? "dev" : v)};
        }
    }
}
