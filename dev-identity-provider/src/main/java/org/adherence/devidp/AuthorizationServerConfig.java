package org.adherence.devidp;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * The authorization server, its one client, its users and its keys, all from the validated properties (beans defined
 * here, so Boot's {@code spring.security.oauth2.authorizationserver.*} properties are not used).
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfig {

    static final String CLIENT_ID = "care-console";

    static final Duration ACCESS_TOKEN_TIME_TO_LIVE = Duration.ofMinutes(10);

    /** The protocol endpoints (authorize, token, JWK set, OIDC discovery, UserInfo, logout). */
    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerSecurityFilterChain(HttpSecurity http, JwtDecoder accessTokenDecoder) {
        http.oauth2AuthorizationServer(authorizationServer -> {
            http.securityMatcher(authorizationServer.getEndpointsMatcher());
            authorizationServer.oidc(oidc -> oidc
                    .userInfoEndpoint(userInfo -> userInfo.userInfoMapper(new DevUserInfoMapper())));
        });
        http.authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated());
        // UserInfo is called with the (HS256) access token
        http.oauth2ResourceServer(resourceServer -> resourceServer.jwt(jwt -> jwt.decoder(accessTokenDecoder)));
        // a browser that is not logged in goes to the login form
        MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        html.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        http.exceptionHandling(exceptions -> exceptions
                .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), html));
        return http.build();
    }

    /** Spring Security's default login form; health and info open. */
    @Bean
    @Order(2)
    SecurityFilterChain loginSecurityFilterChain(HttpSecurity http) {
        http.authorizeHttpRequests(authorize -> authorize
                .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus",
                                "/error").permitAll()
                .anyRequest().authenticated());
        http.formLogin(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(DevIdpProperties properties) {
        return AuthorizationServerSettings.builder().issuer(properties.issuer()).build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService userDetailsService(DevIdpProperties properties, PasswordEncoder passwordEncoder) {
        String password = passwordEncoder.encode(properties.userPassword());
        return new InMemoryUserDetailsManager(DevUsers.ALL.stream()
                .map(user -> (UserDetails) User.withUsername(user.username())
                        .password(password)
                        .roles(user.role().name())
                        .build())
                .toList());
    }

    @Bean
    RegisteredClientRepository registeredClientRepository(DevIdpProperties properties,
                                                          PasswordEncoder passwordEncoder) {
        RegisteredClient console = RegisteredClient.withId(CLIENT_ID)
                .clientId(CLIENT_ID)
                .clientName("Care-team console")
                .clientSecret(passwordEncoder.encode(properties.consoleClientSecret()))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUri(properties.consoleRedirectUri())
                .postLogoutRedirectUri(properties.consolePostLogoutRedirectUri())
                .scope(OidcScopes.OPENID)
                .scope(OidcScopes.PROFILE)
                .scope(OidcScopes.EMAIL)
                .scope(DevUsers.CARE_TEAM_READ)
                .scope(DevUsers.ALERTS_ACKNOWLEDGE)
                // PKCE allowed (a code_challenge is checked when sent), not required: the client has a secret
                .clientSettings(ClientSettings.builder()
                        .requireAuthorizationConsent(false)
                        .requireProofKey(false)
                        .build())
                .tokenSettings(TokenSettings.builder()
                        .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                        .accessTokenTimeToLive(ACCESS_TOKEN_TIME_TO_LIVE)
                        .idTokenSignatureAlgorithm(SignatureAlgorithm.RS256)
                        .build())
                .build();
        return new InMemoryRegisteredClientRepository(console);
    }

    @Bean
    OAuth2AuthorizationService authorizationService() {
        return new ScopePolicyAuthorizationService(new InMemoryOAuth2AuthorizationService());
    }

    /** The ID tokens' key, made at start: the only key in this source, which {@code /oauth2/jwks} publishes. */
    @Bean
    JWKSource<SecurityContext> jwkSource() {
        KeyPair keyPair = generateRsaKey();
        RSAKey rsaKey = new RSAKey.Builder((RSAPublicKey) keyPair.getPublic())
                .privateKey((RSAPrivateKey) keyPair.getPrivate())
                .keyID(UUID.randomUUID().toString())
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256)
                .build();
        return new ImmutableJWKSet<>(new JWKSet(rsaKey));
    }

    /** Access tokens HS256 with the platform's key, ID tokens RS256 with the published key. */
    @Bean
    JwtEncoder jwtEncoder(AccessTokenKeyProperties accessTokenKey, JWKSource<SecurityContext> jwkSource) {
        JwtEncoder hs256 = NimbusJwtEncoder.withSecretKey(hmacKey(accessTokenKey))
                .algorithm(MacAlgorithm.HS256)
                .build();
        return new AlgorithmRoutingJwtEncoder(hs256, new NimbusJwtEncoder(jwkSource));
    }

    /** Checks the access tokens the UserInfo endpoint is called with, as the platform's services do. */
    @Bean
    JwtDecoder accessTokenDecoder(AccessTokenKeyProperties accessTokenKey, DevIdpProperties properties) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(hmacKey(accessTokenKey))
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(properties.issuer()));
        return decoder;
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> devTokenCustomizer() {
        return new DevTokenCustomizer();
    }

    private static SecretKeySpec hmacKey(AccessTokenKeyProperties accessTokenKey) {
        return new SecretKeySpec(accessTokenKey.keyBytes(), "HmacSHA256");
    }

    private static KeyPair generateRsaKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("no RSA key pair generator", ex);
        }
    }
}
