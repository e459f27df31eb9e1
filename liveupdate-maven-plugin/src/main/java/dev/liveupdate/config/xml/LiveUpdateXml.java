package dev.liveupdate.config.xml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code <liveUpdate>} plugin parameter, as Maven binds it.
 *
 * <pre>{@code
 * <liveUpdate>
 *   <target><deployment>tilt-avatar-api</deployment></target>
 *   <fallBackOn><path>pom.xml</path></fallBackOn>
 *   <syncs><sync><from>api</from><to>/app/api</to></sync></syncs>
 *   <runs><run>…</run></runs>
 *   <ignores><ignore>**}{@code /*.pyc</ignore></ignores>
 *   <manifests><manifest>k8s</manifest></manifests>
 *   <portForwards><portForward>5735:5734</portForward></portForwards>
 * </liveUpdate>
 * }</pre>
 *
 * <p>The element names inside the lists ({@code <sync>}, {@code <run>}, {@code <path>},
 * {@code <ignore>}, {@code <manifest>}) are not checked by Maven; these are the documented ones. {@code <image>} (the
 * jib fallback build) is described in {@link ImageXml}.
 */
public class LiveUpdateXml {

  private TargetXml target;
  private List<SyncXml> syncs = new ArrayList<>();
  private List<RunXml> runs = new ArrayList<>();
  private List<String> fallBackOn = new ArrayList<>();
  private List<String> ignores = new ArrayList<>();
  private ImageXml image;
  private List<String> manifests = new ArrayList<>();
  private List<String> portForwards = new ArrayList<>();

  /** For Maven's configurator. */
  public LiveUpdateXml() {}

  public TargetXml getTarget() {
    return target;
  }

  public void setTarget(TargetXml target) {
    this.target = target;
  }

  /** The {@code <sync>} items, never null. */
  public List<SyncXml> getSyncs() {
    return syncs;
  }

  public void setSyncs(List<SyncXml> syncs) {
    this.syncs = orEmpty(syncs);
  }

  /** Appends a {@code <sync>}; returns this for chaining in tests. */
  public LiveUpdateXml sync(String from, String to) {
    syncs.add(new SyncXml(from, to));
    return this;
  }

  /** The {@code <run>} items, never null. */
  public List<RunXml> getRuns() {
    return runs;
  }

  public void setRuns(List<RunXml> runs) {
    this.runs = orEmpty(runs);
  }

  /** Appends a {@code <run>}; returns this for chaining in tests. */
  public LiveUpdateXml run(String command, String... triggers) {
    runs.add(new RunXml(command, triggers));
    return this;
  }

  /** The {@code <fallBackOn><path>} items, never null. */
  public List<String> getFallBackOn() {
    return fallBackOn;
  }

  public void setFallBackOn(List<String> fallBackOn) {
    this.fallBackOn = orEmpty(fallBackOn);
  }

  /** Appends {@code <fallBackOn><path>} items; returns this for chaining in tests. */
  public LiveUpdateXml fallBackOn(String... paths) {
    fallBackOn.addAll(Arrays.asList(paths));
    return this;
  }

  /** The {@code <ignores><ignore>} items, never null. */
  public List<String> getIgnores() {
    return ignores;
  }

  public void setIgnores(List<String> ignores) {
    this.ignores = orEmpty(ignores);
  }

  /** Appends {@code <ignores><ignore>} items; returns this for chaining in tests. */
  public LiveUpdateXml ignore(String... patterns) {
    ignores.addAll(Arrays.asList(patterns));
    return this;
  }

  /** The {@code <image>} of the fallback build, null when the POM has none. */
  public ImageXml getImage() {
    return image;
  }

  public void setImage(ImageXml image) {
    this.image = image;
  }

  /** The {@code <manifests><manifest>} items (files or folders of Kubernetes YAML), never null. */
  public List<String> getManifests() {
    return manifests;
  }

  public void setManifests(List<String> manifests) {
    this.manifests = orEmpty(manifests);
  }

  /** Appends {@code <manifests><manifest>} items; returns this for chaining in tests. */
  public LiveUpdateXml manifest(String... paths) {
    manifests.addAll(Arrays.asList(paths));
    return this;
  }

  /** The {@code <portForwards><portForward>} items, never null. */
  public List<String> getPortForwards() {
    return portForwards;
  }

  public void setPortForwards(List<String> portForwards) {
    this.portForwards = orEmpty(portForwards);
  }

  /** Appends {@code <portForwards><portForward>} items; returns this for chaining in tests. */
  public LiveUpdateXml portForward(String... entries) {
    portForwards.addAll(Arrays.asList(entries));
    return this;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? new ArrayList<>() : list;
  }
}
