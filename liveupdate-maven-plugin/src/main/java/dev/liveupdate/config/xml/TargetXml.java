package dev.liveupdate.config.xml;

/**
 * {@code <target>}: which running containers receive the updates.
 *
 * <pre>{@code
 * <target>
 *   <deployment>tilt-avatar-api</deployment>  <!-- or <selector>app=api</selector> -->
 *   <container>api</container>                <!-- optional -->
 *   <namespace>default</namespace>            <!-- optional -->
 *   <context>kind-dev</context>               <!-- optional kubeconfig context -->
 * </target>
 * }</pre>
 */
public class TargetXml {

  private String deployment;
  private String selector;
  private String container;
  private String namespace;
  private String context;

  /** For Maven's configurator. */
  public TargetXml() {}

  /** A target naming a Deployment, the other elements absent. */
  public static TargetXml deployment(String name) {
    TargetXml target = new TargetXml();
    target.setDeployment(name);
    return target;
  }

  /** A target naming pods by label selector, the other elements absent. */
  public static TargetXml selector(String labelSelector) {
    TargetXml target = new TargetXml();
    target.setSelector(labelSelector);
    return target;
  }

  public String getDeployment() {
    return deployment;
  }

  public void setDeployment(String deployment) {
    this.deployment = deployment;
  }

  public String getSelector() {
    return selector;
  }

  public void setSelector(String selector) {
    this.selector = selector;
  }

  public String getContainer() {
    return container;
  }

  public void setContainer(String container) {
    this.container = container;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getContext() {
    return context;
  }

  public void setContext(String context) {
    this.context = context;
  }
}
