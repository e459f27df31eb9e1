package dev.liveupdate.it.cluster;

import com.sun.tools.attach.VirtualMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Run inside the JRE images by {@link JreImagesIT} (JDK classes only): prints, one {@code key=value}
 * a line, what Java apps expect of their environment.
 */
public final class JreProbe {
  private JreProbe() {}

  public static void main(String[] args) throws Exception {
    for (String key : new String[] {"file.encoding", "sun.jnu.encoding", "user.name", "user.home", "java.home"}) {
      System.out.println(key + "=" + System.getProperty(key));
    }
    Path unicode = Files.writeString(Files.createTempDirectory("probe").resolve("é✓.txt"), "ok");
    try (var listing = Files.list(unicode.getParent())) {
      System.out.println("tmp=" + listing.map(p -> p.getFileName() + ":" + readString(p)).toList());
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init((KeyStore) null);
    System.out.println("trustedIssuersOver100="
        + (((X509TrustManager) trust.getTrustManagers()[0]).getAcceptedIssuers().length > 100));
    String pid = Long.toString(ProcessHandle.current().pid());
    System.out.println("attachListsSelf=" + VirtualMachine.list().stream().anyMatch(vm -> vm.id().equals(pid)));
    System.out.println("modules=" + ModuleLayer.boot().findModule("java.instrument").isPresent()
        + "," + ModuleLayer.boot().findModule("jdk.httpserver").isPresent()
        + "," + ModuleLayer.boot().findModule("java.desktop").isPresent());
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
