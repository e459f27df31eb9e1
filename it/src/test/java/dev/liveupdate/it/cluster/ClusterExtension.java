package dev.liveupdate.it.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The one way the ITs get the Kubernetes test double: this extension starts a
 * {@link TestCluster} and closes it (containers, registry, images removed) when the tests are done
 * with it, so no IT repeats that set-up.
 *
 * <ul>
 *   <li>A scenario IT (a real {@code mvn} against its own cluster) registers it as a static field,
 *       {@code @RegisterExtension static final ClusterExtension CLUSTER =
 *       ClusterExtension.forScenario("converge");}: its own cluster, in
 *       {@code target/it-work/<scenario>/cluster}, started before the class's {@code @BeforeAll}
 *       methods and closed after its {@code @AfterAll} methods (where the IT stops its
 *       {@code mvn} first). {@link #cluster()} and {@link #work()} give it to the IT. A
 *       benchmark does the same with {@link #forBenchmark}.
 *   <li>The double's own ITs use {@code @ExtendWith(ClusterExtension.class)} and take a
 *       {@link TestCluster} parameter: one cluster for the whole test JVM, started on first use,
 *       closed when JUnit closes its root store at the end of the run.
 * </ul>
 *
 * <p>After a scenario, every {@code *.log} file of its work directory (the {@code mvn} logs, and
 * any other a test writes there) is checked for the secrets the tests handed out
 * ({@link KnownSecrets}); one holding any fails the class, naming the file and line.
 */
public final class ClusterExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ClusterExtension.class);

  /** The scenario's work directory, or null for the cluster shared by the whole test JVM. */
  private final Path scenario;
  private Path work;
  private TestCluster cluster;

  /** The cluster shared by the whole test JVM, for {@code @ExtendWith}. */
  public ClusterExtension() {
    this(null);
  }

  private ClusterExtension(Path scenario) {
    this.scenario = scenario;
  }

  /** A cluster of the scenario's own, in {@code target/it-work/<scenario>/cluster}. */
  public static ClusterExtension forScenario(String scenario) {
    return new ClusterExtension(Path.of("target", "it-work", scenario));
  }

  /** A benchmark's own cluster, in {@code target/bench-work/<benchmark>/cluster}. */
  public static ClusterExtension forBenchmark(String benchmark) {
    return new ClusterExtension(Path.of("target", "bench-work", benchmark));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (scenario != null) {
      work = scenario.toAbsolutePath();
      cluster = TestCluster.start(work.resolve("cluster"));
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (cluster != null) {
        cluster.close();
        cluster = null;
      }
    } finally {
      if (work != null) {
        assertNoSecretsIn(work);
      }
    }
  }

  /** Fails naming each log line below {@code work} (the cluster's own files aside) that leaks. */
  static void assertNoSecretsIn(Path work) {
    List<String> leaks = new ArrayList<>();
    try (Stream<Path> files = Files.walk(work)) {
      for (Path log : (Iterable<Path>) files
          .filter(p -> p.toString().endsWith(".log") && Files.isRegularFile(p)
              && !p.startsWith(work.resolve("cluster")))::iterator) {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          List<String> leaked = KnownSecrets.leaksIn(lines.get(i));
          if (!leaked.isEmpty()) {
            leaks.add(work.relativize(log) + ":" + (i + 1) + " holds " + String.join(", ", leaked));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the logs below " + work, e);
    }
    if (!leaks.isEmpty()) {
      throw new AssertionError("logs of this scenario hold secrets the tests handed out:\n  "
          + String.join("\n  ", leaks));
    }
  }

  /** The scenario's cluster, started before the class's {@code @BeforeAll} methods. */
  public TestCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException("no scenario cluster: register the extension as a static"
          + " field made with ClusterExtension.forScenario");
    }
    return cluster;
  }

  /** The scenario's work directory, {@code target/it-work/<scenario>}, which holds the cluster's. */
  public Path work() {
    cluster();
    return work;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    if (scenario != null) {
      return cluster();
    }
    return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(TestCluster.class,
        key -> TestCluster.start(Path.of(System.getProperty("basedir", "."), "target",
            "double-it")),
        TestCluster.class);
  }
}
