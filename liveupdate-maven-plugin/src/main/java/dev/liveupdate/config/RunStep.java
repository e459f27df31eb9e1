package dev.liveupdate.config;

import java.util.List;

/**
 * One {@code <run>}: a shell command run in the container ({@code sh -c}) after the files of an
 * update are copied, when a copied or deleted file matches one of its triggers (or always, when it
 * has no triggers).
 *
 * @param command  the command line, given to {@code sh -c} as one argument
 * @param triggers Maven-style path patterns relative to the module's base directory; a pattern
 *                 naming a directory matches everything below it
 */
public record RunStep(String command, List<String> triggers) {

  public RunStep {
    triggers = List.copyOf(triggers);
  }
}
