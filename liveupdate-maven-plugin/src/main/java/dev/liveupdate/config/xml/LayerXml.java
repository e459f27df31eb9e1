package dev.liveupdate.config.xml;

/**
 * {@code <layer>}: a local directory ({@code from}, relative to the module) whose files become one
 * image layer below the absolute container directory {@code to}.
 *
 * <pre>{@code <layer><from>api</from><to>/app/api</to></layer>}</pre>
 */
public class LayerXml {

  private String from;
  private String to;

  /** For Maven's configurator. */
  public LayerXml() {}

  public LayerXml(String from, String to) {
    this.from = from;
    this.to = to;
  }

  public String getFrom() {
    return from;
  }

  public void setFrom(String from) {
    this.from = from;
  }

  public String getTo() {
    return to;
  }

  public void setTo(String to) {
    this.to = to;
  }
}
