package dev.liveupdate.javaloop;

import dev.liveupdate.compile.CompilerSettings;
import dev.liveupdate.image.BuildListener;
import dev.liveupdate.jib.DevImage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A project whose POM "changes" when a test says so; reading it again gives the settings the test
 * put in {@link #afterReload}. Its dev image build is instant and counted.
 */
final class FakeProject implements JavaProject {

  volatile CompilerSettings settings;
  volatile CompilerSettings afterReload;
  volatile boolean pomChanged;
  volatile String reloadFailure;
  final AtomicInteger reloads = new AtomicInteger();
  final AtomicInteger images = new AtomicInteger();

  FakeProject(CompilerSettings settings) {
    this.settings = settings;
    this.afterReload = settings;
  }

  @Override
  public CompilerSettings compilerSettings() {
    return settings;
  }

  @Override
  public List<String> compilerNotes() {
    return List.of();
  }

  @Override
  public boolean pomChanged() {
    return pomChanged;
  }

  @Override
  public void reload() throws ProjectReadException {
    reloads.incrementAndGet();
    if (reloadFailure != null) {
      throw new ProjectReadException(reloadFailure, null);
    }
    settings = afterReload;
    pomChanged = false;
  }

  @Override
  public DevImage buildDevImage(BuildListener listener) {
    int n = images.incrementAndGet();
    return new DevImage("reg/app:liveupdate-dev", "sha256:" + n, "reg/app@sha256:" + n,
        Duration.ZERO);
  }
}
