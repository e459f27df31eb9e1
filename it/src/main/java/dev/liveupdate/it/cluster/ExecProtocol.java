package dev.liveupdate.it.cluster;

import java.util.List;

/**
 * The WebSocket subprotocols of the Kubernetes remote command stream, in what they differ:
 * binary or base64 framing, whether the status is a JSON Status (v4+) and whether a client can
 * close a stream with {@code [255, id]} (v5).
 */
enum ExecProtocol {
  V5("v5.channel.k8s.io", true, true, true),
  V4("v4.channel.k8s.io", true, true, false),
  V4_BASE64("v4.base64.channel.k8s.io", false, true, false),
  V1("channel.k8s.io", true, false, false),
  V1_BASE64("base64.channel.k8s.io", false, false, false);

  static final int STDIN = 0;
  static final int STDOUT = 1;
  static final int STDERR = 2;
  static final int ERROR = 3;
  static final int RESIZE = 4;
  static final int CLOSE = 255;

  private final String header;
  private final boolean binary;
  private final boolean jsonStatus;
  private final boolean closeSignal;

  ExecProtocol(String header, boolean binary, boolean jsonStatus, boolean closeSignal) {
    this.header = header;
    this.binary = binary;
    this.jsonStatus = jsonStatus;
    this.closeSignal = closeSignal;
  }

  String header() {
    return header;
  }

  boolean binary() {
    return binary;
  }

  boolean jsonStatus() {
    return jsonStatus;
  }

  boolean closeSignal() {
    return closeSignal;
  }

  /**
   * Picks the first protocol the client offers that we speak, in the client's order, as the
   * API server's handshake does. No offer at all means the unnamed binary v1 protocol.
   */
  static ExecProtocol negotiate(List<String> offered) {
    if (offered.isEmpty()) {
      return V1;
    }
    for (String offer : offered) {
      for (ExecProtocol protocol : values()) {
        if (protocol.header.equals(offer.trim())) {
          return protocol;
        }
      }
    }
    throw KubeApiException.badRequest("requested protocol(s) are not supported: " + offered
        + "; supports [v5.channel.k8s.io v4.channel.k8s.io v4.base64.channel.k8s.io channel.k8s.io"
        + " base64.channel.k8s.io]");
  }
}
