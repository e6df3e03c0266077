package org.adherence.intake.problem;

/**
 * One bad field of a request, named by its JSON path ({@code doses[3].doseMg}).
 */
public record FieldProblem(String field, String message) {
}
