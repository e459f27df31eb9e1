package dev.liveupdate.it.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secret values the tests hand to the plugin — the double's bearer token, its TLS key store's
 * password, and whatever a kubeconfig or Maven settings file given to a run carries (tokens,
 * client keys, passwords) — so that every line an IT reads from the plugin can be checked for
 * them. A line leaks a secret when it holds the whole value or any {@value #WINDOW} characters of
 * it in a row: a message that prints part of a token (a YAML error quoting its line) is a leak too.
 * Secrets are never printed here, only what they are.
 */
public final class KnownSecrets {

  /** The shortest run of a secret's characters that counts as a leak. */
  static final int WINDOW = 12;
  private static final Pattern YAML_SECRET = Pattern.compile(
      "^\\s*-?\\s*(token|client-key-data|password)\\s*:\\s*['\"]?([^'\"\\s#]+)",
      Pattern.MULTILINE);
  private static final Pattern XML_PASSWORD = Pattern.compile(
      "<(password|passphrase)>\\s*([^<\\s]+)\\s*</\\1>");

  /** Secret value to what it is, in the order registered. */
  private static final Map<String, String> SECRETS = new LinkedHashMap<>();

  private KnownSecrets() {}

  /** Registers a secret; values shorter than {@value #WINDOW} characters are not checkable. */
  public static synchronized void register(String what, String value) {
    if (value != null && value.length() >= WINDOW) {
      SECRETS.putIfAbsent(value, what);
    }
  }

  /** Registers the tokens, client keys and passwords of a kubeconfig file. */
  public static void registerKubeconfig(Path kubeconfig) {
    registerMatches(kubeconfig, YAML_SECRET, "kubeconfig " + kubeconfig.getFileName());
  }

  /** Registers the passwords and passphrases of a Maven settings file. */
  public static void registerSettings(Path settings) {
    registerMatches(settings, XML_PASSWORD, "settings " + settings.getFileName());
  }

  private static void registerMatches(Path file, Pattern pattern, String where) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " for its secrets", e);
    }
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      register("the " + m.group(1) + " of " + where, m.group(2));
    }
  }

  /** What each secret {@code line} holds (part of) is; empty when it holds none. */
  public static synchronized List<String> leaksIn(String line) {
    List<String> leaks = new ArrayList<>();
    for (Map.Entry<String, String> secret : SECRETS.entrySet()) {
      if (holdsPart(line, secret.getKey())) {
        leaks.add(secret.getValue());
      }
    }
    return leaks;
  }

  /** The line with every secret, whole or in part, replaced by what it is. */
  public static synchronized String redact(String line) {
    String redacted = line;
    for (Map.Entry<String, String> secret : SECRETS.entrySet()) {
      String value = secret.getKey();
      for (int length = value.length(); length >= WINDOW; length--) {
        for (int from = 0; from + length <= value.length(); from++) {
          String part = value.substring(from, from + length);
          if (redacted.contains(part)) {
            redacted = redacted.replace(part, "<" + secret.getValue() + ">");
          }
        }
      }
    }
    return redacted;
  }

  private static boolean holdsPart(String line, String secret) {
    if (line.length() < WINDOW) {
      return false;
    }
    for (int from = 0; from + WINDOW <= secret.length(); from++) {
      if (line.contains(secret.substring(from, from + WINDOW))) {
        return true;
      }
    }
    return false;
  }
}
