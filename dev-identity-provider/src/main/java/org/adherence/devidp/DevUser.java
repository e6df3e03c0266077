package org.adherence.devidp;

/** One dev user: {@code sub} is the username; the rest are the ID and access tokens' claims. */
public record DevUser(String username, String name, String email, String clinic, CareRole role) {
}
