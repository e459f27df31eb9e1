package dev.liveupdate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.config.xml.LiveUpdateXml;
import dev.liveupdate.config.xml.TargetXml;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code <liveUpdate><target>}: which workload, which container, where. */
class TargetValidationTest {

  @TempDir Path tempDir;
  ConfigFixture module;

  @BeforeEach
  void createModule() {
    module = new ConfigFixture(tempDir);
  }

  @Test
  void targetIsRequired() {
    LiveUpdateXml xml = ConfigFixture.tutorial();
    xml.setTarget(null);

    String problem = module.problem(xml);

    assertTrue(problem.startsWith("<liveUpdate><target> is missing: name the workload to update"), problem);
    assertTrue(problem.contains("<target><deployment>my-app</deployment></target>"), problem);
  }

  @Test
  void deploymentOrSelectorIsRequired() {
    TargetXml target = new TargetXml();
    target.setNamespace("default");

    String problem = module.problem(withTarget(target));

    assertEquals("<liveUpdate><target> must contain <deployment> or <selector>, got neither", problem);
  }

  @Test
  void deploymentAndSelectorAreExclusive() {
    TargetXml target = TargetXml.deployment("api");
    target.setSelector("app=api");

    String problem = module.problem(withTarget(target));

    assertEquals("<liveUpdate><target> must contain only one of <deployment> and <selector>,"
        + " got both ('api' and 'app=api')", problem);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Api", "api_v2", "-api", "api-", "api..v2", "api/v2"})
  void deploymentMustBeADns1123Subdomain(String name) {
    String problem = module.problem(withTarget(TargetXml.deployment(name)));

    assertTrue(problem.startsWith("<liveUpdate><target><deployment> must be a Deployment name"
        + " (DNS-1123 subdomain: "), problem);
    assertTrue(problem.endsWith(", got '" + name + "'"), problem);
  }

  @Test
  void deploymentNameOver253CharactersIsRejected() {
    String name = "a".repeat(254);

    String problem = module.problem(withTarget(TargetXml.deployment(name)));

    assertTrue(problem.endsWith("got '" + name + "'"), problem);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tilt-avatar-api", "api.v2", "a", "0abc"})
  void acceptsDns1123SubdomainDeployments(String name) throws Exception {
    assertEquals(Optional.of(name), module.read(withTarget(TargetXml.deployment(name))).target().deployment());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "app=api", "app==api", "app!=api", "app in (api,web)", "app notin (web)", "app", "!app",
      "app=api,tier!=db", "app in (api, web), !legacy", "app.kubernetes.io/name=api", "app=",
      "environment in (production,qa),tier notin (frontend,backend),partition"})
  void acceptsLabelSelectors(String selector) throws Exception {
    assertEquals(Optional.of(selector), module.read(withTarget(TargetXml.selector(selector))).target().selector());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "app=api,", "app in ()", "app in (api", "app in api)", "app = -api", "app=api=web", "app api",
      "!", "=api", "app in (a b)", "Example.com/app=api"})
  void rejectsMalformedSelectors(String selector) {
    String problem = module.problem(withTarget(TargetXml.selector(selector)));

    assertTrue(problem.startsWith("<liveUpdate><target><selector> must be a label selector such as"), problem);
    assertTrue(problem.endsWith(", got '" + selector + "'"), problem);
  }

  @Test
  void selectorMessageSaysWhatIsWrong() {
    String problem = module.problem(withTarget(TargetXml.selector("app=api,,tier=db")));

    assertTrue(problem.contains("(empty requirement (a stray comma?))"), problem);
  }

  @Test
  void selectorValueOver63CharactersIsRejected() {
    String selector = "app=" + "v".repeat(64);

    String problem = module.problem(withTarget(TargetXml.selector(selector)));

    assertTrue(problem.contains("is not a label value"), problem);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Default", "team.a", "-dev", "my_ns"})
  void namespaceMustBeADns1123Label(String namespace) {
    TargetXml target = TargetXml.deployment("api");
    target.setNamespace(namespace);

    String problem = module.problem(withTarget(target));

    assertEquals("<liveUpdate><target><namespace> must be a namespace name (DNS-1123 label: "
        + KubeNames.LABEL_RULE + "), got '" + namespace + "'", problem);
  }

  @ParameterizedTest
  @ValueSource(strings = {"API", "api.server", "api_server"})
  void containerMustBeADns1123Label(String container) {
    TargetXml target = TargetXml.deployment("api");
    target.setContainer(container);

    String problem = module.problem(withTarget(target));

    assertEquals("<liveUpdate><target><container> must be a container name (DNS-1123 label: "
        + KubeNames.LABEL_RULE + "), got '" + container + "'", problem);
  }

  @Test
  void contextIsTakenAsWritten() throws Exception {
    TargetXml target = TargetXml.deployment("api");
    target.setContext(" arn:aws:eks:eu-west-1:123:cluster/Dev_Cluster ");

    Target read = module.read(withTarget(target)).target();

    assertEquals(Optional.of("arn:aws:eks:eu-west-1:123:cluster/Dev_Cluster"), read.context());
    assertEquals(Optional.empty(), read.container());
  }

  private static LiveUpdateXml withTarget(TargetXml target) {
    LiveUpdateXml xml = ConfigFixture.tutorial();
    xml.setTarget(target);
    return xml;
  }
}
