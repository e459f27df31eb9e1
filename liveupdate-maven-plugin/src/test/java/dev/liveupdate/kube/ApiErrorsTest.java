package dev.liveupdate.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.kubernetes.client.openapi.ApiException;
import java.net.ProtocolException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** The failures that come without an API answer, or as a refused exec upgrade. */
class ApiErrorsTest {

  private static final ClusterAddress ADDRESS =
      new ClusterAddress("https://10.0.0.1:6443", "kind-dev", "kind-dev-admin");
  private static final ApiErrors.Call EXEC =
      new ApiErrors.Call("create", "pods/exec", "api-1", "default");

  @Test
  void anUntrustedCertificateIsAPermanentTlsFailure() {
    SSLHandshakeException handshake = new SSLHandshakeException("PKIX path validation failed");
    handshake.initCause(new CertPathValidatorException("signature check failed"));

    ClusterException e = ApiErrors.of(ADDRESS, EXEC, new ApiException(handshake));

    assertInstanceOf(PermanentClusterException.class, e);
    assertEquals("cannot reach https://10.0.0.1:6443 (context kind-dev): TLS failure: the"
        + " server's certificate is not trusted by the kubeconfig's certificate-authority"
        + " (signature check failed); check the cluster entry of the context, or recreate the"
        + " kubeconfig for this cluster", e.getMessage());
  }

  @Test
  void anUnknownHostIsTransient() {
    ClusterException e = ApiErrors.of(ADDRESS, EXEC,
        new ApiException(new UnknownHostException("api.dev.example: Name or service not known")));

    assertFalse(e instanceof PermanentClusterException);
    assertEquals("cannot reach https://10.0.0.1:6443 (context kind-dev): unknown host"
        + " (api.dev.example: Name or service not known): check the server of the kubeconfig's"
        + " cluster entry, or the network", e.getMessage());
  }

  @Test
  void aRefusedExecUpgradeNamesTheUserAndTheVerb() {
    ClusterException e = ApiErrors.ofUpgrade(ADDRESS, EXEC,
        new ProtocolException("Expected HTTP 101 response but was '403 Forbidden'"));

    assertInstanceOf(PermanentClusterException.class, e);
    assertEquals("forbidden: user 'kind-dev-admin' may not create pods/exec in namespace default"
        + " (403 from https://10.0.0.1:6443 (context kind-dev)); ask for that right, check it"
        + " with: kubectl auth can-i create pods/exec -n default", e.getMessage());
  }

  @Test
  void anExecThatBrokeOffForAnotherReasonSaysSoPlainly() {
    ClusterException e = ApiErrors.ofUpgrade(ADDRESS, EXEC,
        new java.io.IOException("the exec stream closed without an exit status"));

    assertFalse(e instanceof PermanentClusterException);
    assertEquals("cannot create pods/exec api-1 in namespace default: the exec stream closed"
        + " without an exit status", e.getMessage());
  }
}
