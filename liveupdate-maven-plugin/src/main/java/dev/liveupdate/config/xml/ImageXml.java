package dev.liveupdate.config.xml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code <image>}: the image the fallback build makes with jib-core when a change cannot be
 * live-updated.
 *
 * <pre>{@code
 * <image>
 *   <from>127.0.0.1:5000/liveupdate/busybox:1</from>
 *   <to>127.0.0.1:5000/tilt-avatar-api</to>
 *   <layers><layer><from>api</from><to>/app/api</to></layer></layers>
 *   <entrypoint><arg>sh</arg><arg>-c</arg></entrypoint>
 *   <cmd><arg>exec httpd -f -p 8000 -h /app</arg></cmd>
 *   <workingDir>/app</workingDir>
 *   <env><GREETING>hello</GREETING></env>
 *   <ports><port>8000</port></ports>
 *   <allowInsecureRegistries>true</allowInsecureRegistries>
 * </image>
 * }</pre>
 *
 * <p>The item element names ({@code <layer>}, {@code <arg>}, {@code <port>}) are the documented
 * ones; Maven does not check them. Each child of {@code <env>} is one variable, named by its
 * element.
 */
public class ImageXml {

  private String from;
  private String to;
  private List<LayerXml> layers = new ArrayList<>();
  private List<String> entrypoint = new ArrayList<>();
  private List<String> cmd = new ArrayList<>();
  private String workingDir;
  private Map<String, String> env = new LinkedHashMap<>();
  private List<String> ports = new ArrayList<>();
  private Boolean allowInsecureRegistries;

  /** For Maven's configurator. */
  public ImageXml() {}

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

  /** The {@code <layer>} items, never null. */
  public List<LayerXml> getLayers() {
    return layers;
  }

  public void setLayers(List<LayerXml> layers) {
    this.layers = layers == null ? new ArrayList<>() : layers;
  }

  /** Appends a {@code <layer>}; returns this for chaining in tests. */
  public ImageXml layer(String from, String to) {
    layers.add(new LayerXml(from, to));
    return this;
  }

  /** The {@code <entrypoint><arg>} items, never null; empty means "the base image's". */
  public List<String> getEntrypoint() {
    return entrypoint;
  }

  public void setEntrypoint(List<String> entrypoint) {
    this.entrypoint = entrypoint == null ? new ArrayList<>() : entrypoint;
  }

  /** Sets the {@code <entrypoint><arg>} items; returns this for chaining in tests. */
  public ImageXml entrypoint(String... args) {
    this.entrypoint = new ArrayList<>(Arrays.asList(args));
    return this;
  }

  /** The {@code <cmd><arg>} items, never null; empty means "the base image's". */
  public List<String> getCmd() {
    return cmd;
  }

  public void setCmd(List<String> cmd) {
    this.cmd = cmd == null ? new ArrayList<>() : cmd;
  }

  /** Sets the {@code <cmd><arg>} items; returns this for chaining in tests. */
  public ImageXml cmd(String... args) {
    this.cmd = new ArrayList<>(Arrays.asList(args));
    return this;
  }

  public String getWorkingDir() {
    return workingDir;
  }

  public void setWorkingDir(String workingDir) {
    this.workingDir = workingDir;
  }

  /** The {@code <env>} variables in declaration order, never null. */
  public Map<String, String> getEnv() {
    return env;
  }

  public void setEnv(Map<String, String> env) {
    this.env = env == null ? new LinkedHashMap<>() : env;
  }

  /** Adds an {@code <env>} variable; returns this for chaining in tests. */
  public ImageXml env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** The {@code <port>} items ({@code 8000} or {@code 8000/udp}), never null. */
  public List<String> getPorts() {
    return ports;
  }

  public void setPorts(List<String> ports) {
    this.ports = ports == null ? new ArrayList<>() : ports;
  }

  /** Appends {@code <port>} items; returns this for chaining in tests. */
  public ImageXml port(String... values) {
    ports.addAll(Arrays.asList(values));
    return this;
  }

  /** Null when the element is absent (then false). */
  public Boolean getAllowInsecureRegistries() {
    return allowInsecureRegistries;
  }

  public void setAllowInsecureRegistries(Boolean allowInsecureRegistries) {
    this.allowInsecureRegistries = allowInsecureRegistries;
  }
}
