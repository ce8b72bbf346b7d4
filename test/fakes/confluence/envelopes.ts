/**
 * Error bodies of the fake Confluence, per deployment, as the REST reference records them:
 * Cloud messages carry the Java exception class, Data Center uses the envelope with `data` and
 * `reason`.
 */
import type { FakeMode } from './model';

export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  500: 'Internal Server Error',
};

/** A JSON error envelope. `javaClass` prefixes the message on Cloud. */
export function errorEnvelope(
  mode: FakeMode,
  status: number,
  message: string,
  javaClass?: string,
): Answer {
  if (mode === 'cloud') {
    return {
      status,
      body: {
        statusCode: status,
        data: { authorized: true, valid: true, errors: [], successful: status < 400 },
        message: javaClass ? `${javaClass}: ${message}` : message,
      },
    };
  }
  return {
    status,
    body: {
      statusCode: status,
      data: {
        authorized: false,
        valid: true,
        allowedInReadOnlyMode: true,
        errors: [],
        successful: false,
      },
      message,
      reason: REASONS[status] ?? 'Error',
    },
  };
}

export function cqlParseError(mode: FakeMode, cql: string): Answer {
  return errorEnvelope(
    mode,
    400,
    `Could not parse cql : ${cql}`,
    'com.atlassian.confluence.api.service.exceptions.BadRequestException',
  );
}

export function contentNotFound(mode: FakeMode, id: string): Answer {
  return mode === 'cloud'
    ? errorEnvelope(
        mode,
        404,
        `No content found with id : ${id}`,
        'com.atlassian.confluence.api.service.exceptions.api.NotFoundException',
      )
    : errorEnvelope(mode, 404, `No content found with id : ContentId{id=${id}}`);
}

export function spaceNotFound(mode: FakeMode, key: string): Answer {
  if (mode === 'cloud') {
    return {
      status: 404,
      body: {
        statusCode: 404,
        message: `org.springframework.web.server.ResponseStatusException: 404 NOT_FOUND "No space found with key : ${key}"`,
      },
    };
  }
  return errorEnvelope(mode, 404, `No space found with key : ${key}`);
}
