package dev.liveupdate.image;

import java.util.Objects;

/**
 * A user name and password (or token) for a registry. {@link #toString()} never shows the
 * password.
 *
 * @param username the user name
 * @param password the password or token
 * @param origin   where it came from, for messages: {@code "Maven settings <server> 'ghcr.io'"}
 */
public record RegistryCredential(String username, String password, String origin) {

  public RegistryCredential {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(origin, "origin");
  }

  @Override
  public String toString() {
    return "RegistryCredential[username=" + username + ", password=****, origin=" + origin + "]";
  }
}
