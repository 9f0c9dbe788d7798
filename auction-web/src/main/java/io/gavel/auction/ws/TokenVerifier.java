package io.gavel.auction.ws;

import com.nimbusds.jose.JWSAlgorithm;
import io.gavel.platform.security.RealmKeyConfigSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.MalformedURLException;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Verifies bearer tokens presented on the WebSocket handshake, with the same settings as
 * MicroProfile JWT uses for REST (issuer, audience, JWKS signature, expiry with the same clock
 * skew). Browsers cannot set headers on a WebSocket, hence this separate path.
 */
@ApplicationScoped
public class TokenVerifier {

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.issuer")
  String issuer;

  /** The realm's JWKS: {@code auction.jwt.jwks-uri}, else MicroProfile JWT's key location. */
  @Inject
  @ConfigProperty(name = RealmKeyConfigSource.JWKS_URI)
  java.util.Optional<String> jwksUri;

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.publickey.location")
  java.util.Optional<String> jwksLocation;

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.audiences", defaultValue = "auction-api")
  String audiences;

  /** The same tolerance as MicroProfile JWT's on REST (the specification's default: 60 s). */
  @Inject
  @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "60")
  int clockSkewSeconds;

  private DefaultJWTProcessor<SecurityContext> processor;

  @PostConstruct
  void init() {
    JWKSource<SecurityContext> keys;
    try {
      String location =
          jwksUri.or(() -> jwksLocation)
              .orElseThrow(() -> new IllegalStateException(
                  "set " + RealmKeyConfigSource.JWKS_URI + " (or mp.jwt.verify.publickey.location) to the realm's JWKS"));
      keys = JWKSourceBuilder.create(URI.create(location).toURL()).retrying(true).build();
    } catch (MalformedURLException e) {
      throw new IllegalStateException("the realm's JWKS location is not a URL", e);
    }
    processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.PS256), keys));
    var verifier =
        new DefaultJWTClaimsVerifier<SecurityContext>(
            // nimbus probes these sets with contains(null): no immutable sets here
            new HashSet<>(List.of(audiences.split(","))),
            new JWTClaimsSet.Builder().issuer(issuer).build(),
            new HashSet<>(List.of("sub", "exp", "iat")),
            new HashSet<>());
    verifier.setMaxClockSkew(clockSkewSeconds);
    processor.setJWTClaimsSetVerifier(verifier);
  }

  /** The verified identity, or null when the token is invalid or expired. */
  public VerifiedToken verify(String token) {
    try {
      JWTClaimsSet claims = processor.process(token, null);
      Set<String> groups = new HashSet<>();
      List<String> list = claims.getStringListClaim("groups");
      if (list != null) {
        groups.addAll(list);
      }
      String username = claims.getStringClaim("preferred_username");
      if (username == null) {
        username = claims.getStringClaim("upn");
      }
      return new VerifiedToken(
          claims.getSubject(),
          username == null ? claims.getSubject() : username,
          claims.getStringClaim("name"),
          Set.copyOf(groups),
          claims.getExpirationTime().toInstant().plusSeconds(clockSkewSeconds),
          null,
          null);
    } catch (Exception e) {
      return null;
    }
  }
}
