package io.github.managedworkers.sample;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
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
		if (ex.getCause() instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
			JacksonException.Reference field = jackson.getPath().get(jackson.getPath().size() - 1);
			return Map.of("error", field.getPropertyName() + " must be " + article(targetType(jackson)) + ", as in "
					+ "{\"count\": 10, \"workMillis\": 500}");
		}
		return Map.of("error", "The body must be JSON such as {\"count\": 10, \"workMillis\": 500}");
	}

	private static String targetType(JacksonException ex) {
		Class<?> type = null;
		if (ex instanceof MismatchedInputException mismatch) {
			type = mismatch.getTargetType();
		}
		else if (ex instanceof InputCoercionException coercion) {
			type = coercion.getTargetType();
		}
		return (type != null) ? type.getSimpleName() : "value";
	}

	private static String article(String type) {
		return switch (type) {
			case "Integer", "int" -> "an integer";
			case "value" -> "a valid value";
			default -> "a " + type;
		};
	}

}
