package dev.liveupdate.mojo;

import org.apache.maven.plugin.logging.Log;

/**
 * A module's log in a reactor's dev loop: when several modules run in one loop, each line is
 * prefixed with the module's name ({@code [api] Updated 1 container in 40 ms}); a module alone
 * prints as it is.
 */
final class ModuleLog implements Log {

  private final Log log;
  private volatile String prefix = "";

  ModuleLog(Log log) {
    this.log = log;
  }

  /** From now on, every line starts with {@code [module] }. */
  void prefixWith(String module) {
    prefix = "[" + module + "] ";
  }

  private CharSequence p(CharSequence content) {
    return prefix.isEmpty() ? content : prefix + content;
  }

  @Override
  public boolean isDebugEnabled() {
    return log.isDebugEnabled();
  }

  @Override
  public void debug(CharSequence content) {
    log.debug(p(content));
  }

  @Override
  public void debug(CharSequence content, Throwable error) {
    log.debug(p(content), error);
  }

  @Override
  public void debug(Throwable error) {
    log.debug(error);
  }

  @Override
  public boolean isInfoEnabled() {
    return log.isInfoEnabled();
  }

  @Override
  public void info(CharSequence content) {
    log.info(p(content));
  }

  @Override
  public void info(CharSequence content, Throwable error) {
    log.info(p(content), error);
  }

  @Override
  public void info(Throwable error) {
    log.info(error);
  }

  @Override
  public boolean isWarnEnabled() {
    return log.isWarnEnabled();
  }

  @Override
  public void warn(CharSequence content) {
    log.warn(p(content));
  }

  @Override
  public void warn(CharSequence content, Throwable error) {
    log.warn(p(content), error);
  }

  @Override
  public void warn(Throwable error) {
    log.warn(error);
  }

  @Override
  public boolean isErrorEnabled() {
    return log.isErrorEnabled();
  }

  @Override
  public void error(CharSequence content) {
    log.error(p(content));
  }

  @Override
  public void error(CharSequence content, Throwable error) {
    log.error(p(content), error);
  }

  @Override
  public void error(Throwable error) {
    log.error(error);
  }
}
