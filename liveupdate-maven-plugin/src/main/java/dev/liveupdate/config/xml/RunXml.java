package dev.liveupdate.config.xml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code <run>}: a shell command run in the container after a copy, when a synced file matches one
 * of its triggers (or after every copy, when it has none).
 *
 * <pre>{@code
 * <run>
 *   <command>pip install -r /app/requirements.txt</command>
 *   <triggers><trigger>api/requirements.txt</trigger></triggers>
 * </run>
 * }</pre>
 */
public class RunXml {

  private String command;
  private List<String> triggers = new ArrayList<>();

  /** For Maven's configurator. */
  public RunXml() {}

  public RunXml(String command, String... triggers) {
    this.command = command;
    this.triggers = new ArrayList<>(Arrays.asList(triggers));
  }

  public String getCommand() {
    return command;
  }

  public void setCommand(String command) {
    this.command = command;
  }

  /** The {@code <trigger>} items, never null (empty when the element is absent). */
  public List<String> getTriggers() {
    return triggers;
  }

  public void setTriggers(List<String> triggers) {
    this.triggers = triggers == null ? new ArrayList<>() : triggers;
  }
}
