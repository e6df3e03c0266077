package org.adherence.security;

import java.util.ArrayList;
import java.util.List;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/**
 * What every token must hold besides a good signature, whichever key checks it (the HS256 dev key or an issuer's JWK
 * set): an {@code exp} in the future (Spring's timestamp validator lets a token without one live for ever unless told
 * not to), a subject (the rate limits and the patient-app rule are per subject), and the configured {@code iss} and
 * {@code aud}.
 */
public final class TokenValidators {

    private TokenValidators() {
    }

    public static OAuth2TokenValidator<Jwt> of(JwtSettings settings) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        JwtTimestampValidator expiry = new JwtTimestampValidator();
        expiry.setAllowEmptyExpiryClaim(false);
        validators.add(expiry);
        validators.add(new JwtClaimValidator<String>(JwtClaimNames.SUB, subject -> subject != null
                && !subject.isBlank()));
        if (settings.issuer() != null) {
            validators.add(new JwtIssuerValidator(settings.issuer()));
        }
        if (settings.audience() != null) {
            validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                    audiences -> audiences != null && audiences.contains(settings.audience())));
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }
}
