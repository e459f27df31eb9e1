package dev.liveupdate.mojo;

import org.apache.maven.shared.utils.logging.MessageBuilder;

/** Styles as markers ({@code <success>…</success>}), so a test sees what is coloured. */
final class MarkedStyles implements MessageBuilder {

  private final StringBuilder text = new StringBuilder();

  private MessageBuilder styled(String style, Object message) {
    text.append('<').append(style).append('>').append(message).append("</").append(style)
        .append('>');
    return this;
  }

  @Override public MessageBuilder success(Object message) {
    return styled("success", message);
  }

  @Override public MessageBuilder warning(Object message) {
    return styled("warning", message);
  }

  @Override public MessageBuilder failure(Object message) {
    return styled("failure", message);
  }

  @Override public MessageBuilder strong(Object message) {
    return styled("strong", message);
  }

  @Override public MessageBuilder mojo(Object message) {
    return styled("mojo", message);
  }

  @Override public MessageBuilder project(Object message) {
    return styled("project", message);
  }

  @Override public MessageBuilder a(char[] value, int offset, int len) {
    text.append(value, offset, len);
    return this;
  }

  @Override public MessageBuilder a(char[] value) {
    text.append(value);
    return this;
  }

  @Override public MessageBuilder a(CharSequence value, int start, int end) {
    text.append(value, start, end);
    return this;
  }

  @Override public MessageBuilder a(CharSequence value) {
    text.append(value);
    return this;
  }

  @Override public MessageBuilder a(Object value) {
    text.append(value);
    return this;
  }

  @Override public MessageBuilder newline() {
    text.append(System.lineSeparator());
    return this;
  }

  @Override public MessageBuilder format(String pattern, Object... args) {
    text.append(String.format(pattern, args));
    return this;
  }

  @Override public String build() {
    return text.toString();
  }

  @Override public String toString() {
    return build();
  }
}
