package dev.liveupdate.config;

import java.util.List;

/** The {@code <liveUpdate>} configuration is wrong; each problem names the XML element. */
public class InvalidConfigException extends Exception {

  private final List<String> problems;

  public InvalidConfigException(List<String> problems) {
    super(String.join(System.lineSeparator(), problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
