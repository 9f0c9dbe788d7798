package io.gavel.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RealmKeyConfigSourceTest {

  private static RSAPublicKey rsaKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return (RSAPublicKey) generator.generateKeyPair().getPublic();
  }

  private static String jwk(RSAPublicKey key, String kid, String use) {
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    return "{\"kid\":\"" + kid + "\",\"kty\":\"RSA\",\"alg\":\"RS256\",\"use\":\"" + use + "\",\"n\":\""
        + url.encodeToString(unsigned(key.getModulus().toByteArray())) + "\",\"e\":\""
        + url.encodeToString(key.getPublicExponent().toByteArray()) + "\"}";
  }

  private static byte[] unsigned(byte[] twosComplement) {
    return twosComplement[0] == 0 ? java.util.Arrays.copyOfRange(twosComplement, 1, twosComplement.length) : twosComplement;
  }

  private static RSAPublicKey fromPem(String pem) throws Exception {
    String base64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "").strip();
    return (RSAPublicKey)
        KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  @Test
  void theOnlySigningKeyIsHandedOverAsPemAndEncryptionKeysAreIgnored() throws Exception {
    RSAPublicKey signing = rsaKey();
    String jwks = "{\"keys\":[" + jwk(rsaKey(), "enc-1", "enc") + "," + jwk(signing, "sig-1", "sig") + "]}";

    String text = RealmKeyConfigSource.publicKeyText(jwks);

    assertThat(text).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("\n-----END PUBLIC KEY-----\n");
    RSAPublicKey parsed = fromPem(text);
    assertThat(parsed.getModulus()).isEqualTo(signing.getModulus());
    assertThat(parsed.getPublicExponent()).isEqualTo(signing.getPublicExponent());
  }

  @Test
  void severalSigningKeysDuringARotationAreHandedOverAsTheJwksToBeMatchedByKeyId() throws Exception {
    String jwks = "{\"keys\":[" + jwk(rsaKey(), "old", "sig") + "," + jwk(rsaKey(), "new", "sig") + "]}";

    assertThat(RealmKeyConfigSource.publicKeyText(jwks)).isEqualTo(jwks);
  }

  @Test
  void aDocumentWithoutKeysIsRefused() {
    assertThatThrownBy(() -> RealmKeyConfigSource.publicKeyText("{\"issuer\":\"x\"}"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withoutAJwksAddressItProvidesNothing() {
    RealmKeyConfigSource source = new RealmKeyConfigSource(null);

    assertThat(source.getPropertyNames()).isEmpty();
    assertThat(source.getValue(RealmKeyConfigSource.PUBLIC_KEY)).isNull();
  }

  @Test
  void theKeyIsFetchedOnceAMinuteNotPerReadAndOnlyUnderItsOwnName() throws Exception {
    RSAPublicKey signing = rsaKey();
    byte[] jwks = ("{\"keys\":[" + jwk(signing, "sig-1", "sig") + "]}").getBytes(StandardCharsets.UTF_8);
    AtomicInteger fetches = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/certs", exchange -> {
      fetches.incrementAndGet();
      exchange.sendResponseHeaders(200, jwks.length);
      exchange.getResponseBody().write(jwks);
      exchange.close();
    });
    server.start();
    try {
      RealmKeyConfigSource source =
          new RealmKeyConfigSource("http://127.0.0.1:" + server.getAddress().getPort() + "/certs");

      assertThat(source.getPropertyNames()).containsExactly(RealmKeyConfigSource.PUBLIC_KEY);
      assertThat(source.getValue("mp.jwt.verify.issuer")).isNull();
      for (int i = 0; i < 100; i++) {
        assertThat(fromPem(source.getValue(RealmKeyConfigSource.PUBLIC_KEY)).getModulus())
            .isEqualTo(signing.getModulus());
      }
      assertThat(fetches).hasValue(1);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void anUnreachableProviderGivesNoKeyRatherThanAFailure() {
    RealmKeyConfigSource source = new RealmKeyConfigSource("http://127.0.0.1:1/certs");

    assertThat(source.getValue(RealmKeyConfigSource.PUBLIC_KEY)).isNull();
  }
}
