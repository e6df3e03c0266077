package org.adherence.devidp;

import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtEncodingException;

/**
 * Signs with the key the header's algorithm names: HS256 (the access tokens, {@link DevTokenCustomizer}) with the
 * platform's HMAC key, RS256 (the ID tokens) with the RSA key published at {@code /oauth2/jwks}. The two keys live in
 * separate encoders: the JWK source the JWK set endpoint reads holds the RSA key alone, so the HMAC key cannot be
 * published; any other algorithm is refused.
 */
final class AlgorithmRoutingJwtEncoder implements JwtEncoder {

    private final JwtEncoder hs256;

    private final JwtEncoder rs256;

    AlgorithmRoutingJwtEncoder(JwtEncoder hs256, JwtEncoder rs256) {
        this.hs256 = hs256;
        this.rs256 = rs256;
    }

    @Override
    public Jwt encode(JwtEncoderParameters parameters) throws JwtEncodingException {
        JwsHeader header = parameters.getJwsHeader();
        JwsAlgorithm algorithm = header == null ? SignatureAlgorithm.RS256 : header.getAlgorithm();
        if (MacAlgorithm.HS256.equals(algorithm)) {
            return hs256.encode(parameters);
        }
        if (SignatureAlgorithm.RS256.equals(algorithm)) {
            return rs256.encode(parameters);
        }
        throw new JwtEncodingException("The dev identity provider signs HS256 (access tokens) or RS256 (ID tokens) "
                + "only, not " + algorithm.getName());
    }
}
