package dev.liveupdate.config;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import dev.liveupdate.config.ConfigPaths.BadPath;
import dev.liveupdate.config.xml.ImageXml;
import dev.liveupdate.config.xml.LayerXml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks and converts {@code <liveUpdate><image>}; part of {@link LiveUpdateConfigReader}.
 *
 * <p>Image references are read by jib-core's own parser ({@link ImageReference#parse}), the one the
 * build uses, so whatever passes here is what jib will pull from and push to.
 */
final class ImageConfigReader {

  private static final String IMAGE = "<liveUpdate><image>";
  private static final String LAYER = IMAGE + "<layers><layer>";

  /** Kubernetes' rule for environment variable names, which also suits a shell. */
  private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
  private static final Pattern PORT = Pattern.compile("(\\d{1,5})(?:/(tcp|udp))?");

  private ImageConfigReader() {}

  /**
   * The image configuration, empty when {@code xml} is null (no {@code <image>}) or after adding
   * to {@code problems} every reason it cannot be used.
   */
  static Optional<ImageConfig> read(ImageXml xml, Path base, List<String> problems) {
    if (xml == null) {
      return Optional.empty();
    }
    int before = problems.size();
    String from = readFrom(xml.getFrom(), problems);
    String to = readTo(xml.getTo(), problems);
    List<ImageLayer> layers = readLayers(xml.getLayers(), base, problems);
    List<String> entrypoint = readArgs(xml.getEntrypoint(), IMAGE + "<entrypoint><arg>", problems);
    List<String> cmd = readArgs(xml.getCmd(), IMAGE + "<cmd><arg>", problems);
    Optional<String> workingDir = readWorkingDir(xml.getWorkingDir(), problems);
    Map<String, String> env = readEnv(xml.getEnv(), problems);
    List<ImagePort> ports = readPorts(xml.getPorts(), problems);
    if (problems.size() > before) {
      return Optional.empty();
    }
    boolean insecure = Boolean.TRUE.equals(xml.getAllowInsecureRegistries());
    return Optional.of(
        new ImageConfig(from, to, layers, entrypoint, cmd, workingDir, env, ports, insecure));
  }

  private static String readFrom(String raw, List<String> problems) {
    String where = IMAGE + "<from>";
    if (isBlank(raw)) {
      problems.add(where + " must name the base image, for example 'eclipse-temurin:17-jre'"
          + " or 'scratch', got nothing");
      return null;
    }
    return parse(raw.trim(), where, problems).map(reference -> raw.trim()).orElse(null);
  }

  /** The reference to push to, with {@link ImageConfig#DEFAULT_TAG} when no tag was written. */
  private static String readTo(String raw, List<String> problems) {
    String where = IMAGE + "<to>";
    if (isBlank(raw)) {
      problems.add(where + " must name the repository the image is pushed to, for example"
          + " 'localhost:5000/my-app', got nothing");
      return null;
    }
    String value = raw.trim();
    Optional<ImageReference> parsed = parse(value, where, problems);
    if (parsed.isEmpty()) {
      return null;
    }
    ImageReference reference = parsed.get();
    if (reference.isScratch()) {
      problems.add(where + " must name a repository to push to, not 'scratch', got 'scratch'");
      return null;
    }
    if (reference.getDigest().isPresent()) {
      problems.add(where + " must not contain a digest (the digest is known only once the image"
          + " is built; a tag is optional), got " + Messages.quote(value));
      return null;
    }
    String lastSegment = value.substring(value.lastIndexOf('/') + 1);
    boolean tagWritten = lastSegment.contains(":");
    ImageReference tagged = tagWritten ? reference : ImageReference.of(
        reference.getRegistry(), reference.getRepository(), ImageConfig.DEFAULT_TAG);
    return tagged.toStringWithQualifier();
  }

  private static Optional<ImageReference> parse(String value, String where, List<String> problems) {
    try {
      return Optional.of(ImageReference.parse(value));
    } catch (InvalidImageReferenceException e) {
      problems.add(where + " must be an image reference such as 'eclipse-temurin:17-jre' or"
          + " 'localhost:5000/my-app:1' (lower-case repository, optional registry host, tag and"
          + " digest), got " + Messages.quote(value));
      return Optional.empty();
    }
  }

  private static List<ImageLayer> readLayers(List<LayerXml> xmls, Path base, List<String> problems) {
    if (xmls.isEmpty()) {
      problems.add(IMAGE + "<layers> must contain at least one <layer> (<from> a local directory"
          + " <to> a container directory), got none");
      return List.of();
    }
    List<ImageLayer> layers = new ArrayList<>();
    for (int i = 0; i < xmls.size(); i++) {
      String where = LAYER + "[" + (i + 1) + "]";
      LayerXml xml = xmls.get(i) == null ? new LayerXml() : xmls.get(i);
      ConfigPaths.DirectoryMapping mapping =
          ConfigPaths.directoryMapping(where, xml.getFrom(), xml.getTo(), base, problems);
      if (mapping != null) {
        layers.add(new ImageLayer(mapping.from(), mapping.to()));
      }
    }
    return layers;
  }

  /** Exec-form arguments: kept as written (an empty argument is legal), NUL refused. */
  private static List<String> readArgs(List<String> raws, String where, List<String> problems) {
    List<String> args = new ArrayList<>();
    for (int i = 0; i < raws.size(); i++) {
      String arg = Objects.requireNonNullElse(raws.get(i), "");
      if (arg.indexOf('\0') >= 0) {
        problems.add(where + "[" + (i + 1) + "] must not contain NUL characters, got "
            + Messages.quote(arg));
      }
      args.add(arg);
    }
    return args;
  }

  private static Optional<String> readWorkingDir(String raw, List<String> problems) {
    if (isBlank(raw)) {
      return Optional.empty();
    }
    try {
      return Optional.of(ConfigPaths.containerPath(raw));
    } catch (BadPath bad) {
      problems.add(bad.describe(IMAGE + "<workingDir>", raw));
      return Optional.empty();
    }
  }

  private static Map<String, String> readEnv(Map<String, String> raws, List<String> problems) {
    Map<String, String> env = new LinkedHashMap<>();
    raws.forEach((name, raw) -> {
      String value = Objects.requireNonNullElse(raw, "");
      if (name == null || !ENV_NAME.matcher(name).matches()) {
        problems.add(IMAGE + "<env> names must be environment variable names (letters, digits,"
            + " '_', '-' or '.', not starting with a digit), got " + Messages.quote(name));
      } else if (value.indexOf('\0') >= 0) {
        problems.add(IMAGE + "<env><" + name + "> must not contain NUL characters, got "
            + Messages.quote(value));
      } else {
        env.put(name, value);
      }
    });
    return env;
  }

  private static List<ImagePort> readPorts(List<String> raws, List<String> problems) {
    List<ImagePort> ports = new ArrayList<>();
    for (int i = 0; i < raws.size(); i++) {
      String raw = raws.get(i);
      Matcher matcher = PORT.matcher(raw == null ? "" : raw.trim());
      int number = matcher.matches() ? Integer.parseInt(matcher.group(1)) : 0;
      if (number < 1 || number > 65535) {
        problems.add(IMAGE + "<ports><port>[" + (i + 1) + "] must be a port number from 1 to"
            + " 65535, optionally followed by /tcp or /udp ('8000', '8000/udp'), got "
            + Messages.quote(raw));
      } else {
        ports.add(new ImagePort(number, matcher.group(2) == null ? "tcp" : matcher.group(2)));
      }
    }
    return ports;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
