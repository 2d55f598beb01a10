package io.github.managedworkers.sample;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns bad requests into a 400 whose body names the field, instead of a stack trace.
 */
@RestControllerAdvice
class BadRequestHandler {

	@ExceptionHandler(BadRequestException.class)
	@ResponseStatus(HttpStatus.BAD_REQUEST)
	Map<String, String> badRequest(BadRequestException ex) {
		return Map.of("error", ex.getMessage());
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	@ResponseStatus(HttpStatus.BAD_REQUEST)
	Map<String, String> unreadable(HttpMessageNotReadableException ex) {
		if (ex.getCause() instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
			JacksonException.Reference field = mismatch.getPath().get(mismatch.getPath().size() - 1);
			String type = (mismatch.getTargetType() != null) ? mismatch.getTargetType().getSimpleName() : "a value";
			return Map.of("error", field.getPropertyName() + " must be " + article(type) + ", as in "
					+ "{\"count\": 10, \"workMillis\": 500}");
		}
		return Map.of("error", "The body must be JSON such as {\"count\": 10, \"workMillis\": 500}");
	}

	private static String article(String type) {
		return switch (type) {
			case "Integer", "int" -> "an integer";
			default -> "a " + type;
		};
	}

}
