package dev.liveupdate.config.xml;

/**
 * {@code <sync>}: a local directory ({@code from}, relative to the module) and the absolute
 * container directory ({@code to}) its files are copied to.
 *
 * <pre>{@code <sync><from>api</from><to>/app/api</to></sync>}</pre>
 */
public class SyncXml {

  private String from;
  private String to;

  /** For Maven's configurator. */
  public SyncXml() {}

  public SyncXml(String from, String to) {
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
