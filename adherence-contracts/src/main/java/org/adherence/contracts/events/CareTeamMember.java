package org.adherence.contracts.events;

import org.adherence.contracts.codes.CareTeamRole;

/** Someone who is mailed about a patient's alerts. */
public record CareTeamMember(String name, String email, CareTeamRole role) {
}
