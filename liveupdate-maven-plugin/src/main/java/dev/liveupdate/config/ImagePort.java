package dev.liveupdate.config;

/**
 * One {@code <image><ports><port>}: a port the image declares as exposed.
 *
 * @param number   1 to 65535
 * @param protocol {@code "tcp"} or {@code "udp"}
 */
public record ImagePort(int number, String protocol) {

  @Override
  public String toString() {
    return number + "/" + protocol;
  }
}
