package io.mxguard.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Main - the mxguard command line: one program, several faces (lab, resolve, ...).
 *
 * <p>Exit codes follow sysexits (see {@link ExitCode}). Expected failures print one clear line;
 * a stack trace appears only for internal errors, and only with {@code MXGUARD_DEBUG=1}.
 */
@Command(name = "mxguard",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Email delivery immune to DNS MX hijacking: in-process DNSSEC, DANE, MTA-STS.",
        subcommands = {LabCommand.class, ResolveCommand.class, ProbeCommand.class, SendCommand.class, RelayCommand.class, QueueCommand.class, PasswdCommand.class, CommandLine.HelpCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** run - execute one command line with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("mxguard: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try 'mxguard " + commandPath(ex.getCommandLine()) + "--help' for usage.");
            return ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof UserError user) {
                err.println("mxguard: " + user.getMessage());
                return user.exitCode();
            }
            err.println("mxguard: internal error: " + ex);
            if (System.getenv("MXGUARD_DEBUG") != null) {
                ex.printStackTrace(err);
            } else {
                err.println("(set MXGUARD_DEBUG=1 for the stack trace, and please report it)");
            }
            return ExitCode.SOFTWARE;
        });
        return cli.execute(args);
    }

    private static String commandPath(CommandLine cl) {
        String qualified = cl.getCommandSpec().qualifiedName(" ");
        return qualified.equals("mxguard") ? "" : qualified.substring("mxguard ".length()) + " ";
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("mxguard: a command is required");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"mxguard " + (v == null ? "(development build)" : v)};
        }
    }
}
