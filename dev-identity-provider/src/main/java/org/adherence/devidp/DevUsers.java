package org.adherence.devidp;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dev users (docs: console-spec "Dev identity provider"), all with the one password
 * {@code adherence.dev-idp.user-password}, and the scopes each may be granted.
 */
public final class DevUsers {

    public static final String CARE_TEAM_READ = "care-team:read";

    public static final String ALERTS_ACKNOWLEDGE = "alerts:acknowledge";

    public static final List<DevUser> ALL = List.of(
            new DevUser("physician", "Dr. Dana Rivera", "neuro@clinic.example", "dev-clinic", CareRole.PHYSICIAN),
            new DevUser("nurse", "Kim Okafor", "nurse@clinic.example", "dev-clinic", CareRole.NURSE),
            new DevUser("caregiver", "Sam Lee", "sam@family.example", "dev-clinic", CareRole.CAREGIVER),
            new DevUser("other-physician", "Dr. Alex Morgan", "doctor@other-clinic.example", "dev-clinic-2",
                    CareRole.PHYSICIAN));

    private DevUsers() {
    }

    public static Optional<DevUser> find(String username) {
        return ALL.stream().filter(user -> user.username().equals(username)).findFirst();
    }

    public static DevUser require(String username) {
        return find(username).orElseThrow(() -> new IllegalStateException("not a dev user: " + username));
    }

    public static List<String> usernames() {
        return ALL.stream().map(DevUser::username).toList();
    }

    /**
     * The requested scopes this user may have: {@code alerts:acknowledge} only for a clinician (PHYSICIAN, NURSE,
     * PHARMACIST), never for a caregiver or an unknown principal, even when the client asked for it.
     */
    public static Set<String> grantableScopes(String username, Set<String> requested) {
        boolean clinician = find(username).map(user -> user.role().isClinician()).orElse(false);
        Set<String> granted = new LinkedHashSet<>(requested);
        if (!clinician) {
            granted.remove(ALERTS_ACKNOWLEDGE);
        }
        return granted;
    }

    /** The {@code scope} claim: space-separated, in a stable order. */
    public static String scopeClaim(Set<String> scopes) {
        return String.join(" ", new TreeSet<>(scopes));
    }
}
