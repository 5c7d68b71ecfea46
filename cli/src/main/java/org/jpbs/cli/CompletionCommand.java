package org.jpbs.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jpbs completion [bash|zsh]}: prints a shell completion script on stdout. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a shell completion script for jpbs on stdout.",
      "bash: source <(bin/jpbs completion bash)",
      "zsh:  the same script works after 'autoload -U bashcompinit && bashcompinit'."
    })
final class CompletionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SHELL",
      defaultValue = "bash",
      description = "bash or zsh (default: ${DEFAULT-VALUE}).")
  String shell;

  @Override
  public Integer call() {
    if (!shell.equals("bash") && !shell.equals("zsh")) {
      throw new ParameterException(
          spec.commandLine(), "unsupported shell '" + shell + "': expected bash or zsh");
    }
    var root = spec.root().commandLine();
    String script = AutoComplete.bash(root.getCommandName(), root);
    var out = spec.commandLine().getOut();
    out.print(script);
    out.flush();
    return ExitCodes.OK;
  }
}
