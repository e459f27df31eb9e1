package dev.liveupdate.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validated {@code <liveUpdate><image>}: what the fallback build puts into the image it pushes.
 *
 * @param from        the base image reference as written, e.g. {@code eclipse-temurin:17-jre} or
 *                    {@code 127.0.0.1:5000/base@sha256:…}; {@code scratch} means no base
 * @param to          the image pushed, always with a tag ({@link #DEFAULT_TAG} when none was
 *                    written) and never with a digest, e.g. {@code 127.0.0.1:5000/api:liveupdate}
 * @param layers      local directories and where their files go, one layer each, in order
 * @param entrypoint  the entrypoint; empty keeps the base image's
 * @param cmd         the arguments (Docker's {@code CMD}); empty keeps the base image's, unless an
 *                    entrypoint is set (then, as in Docker, none)
 * @param workingDir  an absolute container path, or empty to keep the base image's
 * @param env         environment variables added to the base image's, in declaration order
 * @param ports       ports declared as exposed
 * @param allowInsecureRegistries whether plain HTTP and unverified certificates are accepted
 * @see LiveUpdateConfigReader#read the only way configuration from a POM becomes one of these
 */
public record ImageConfig(
    String from,
    String to,
    List<ImageLayer> layers,
    List<String> entrypoint,
    List<String> cmd,
    Optional<String> workingDir,
    Map<String, String> env,
    List<ImagePort> ports,
    boolean allowInsecureRegistries) {

  /** The tag pushed when {@code <to>} has none: one moving tag, the pods use the digest anyway. */
  public static final String DEFAULT_TAG = "liveupdate";

  public ImageConfig {
    layers = List.copyOf(layers);
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    ports = List.copyOf(ports);
  }
}
