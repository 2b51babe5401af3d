/** The HTTP edge: the one problem filter, JSON bodies, malformed HTTP, write positions, API docs and the app's files. */
export { apiDocument, serveApiDocs } from './api-docs';
export { findFrontendDir, FRONTEND_FALLBACK_ROUTE, serveFrontend } from './frontend-files';
export { acceptJsonBodies } from './json-body';
export { acceptFileUploads, FILE_UPLOAD } from './file-upload';
export { type JsonShape } from './json-shape';
export { malformedHttpAnswers, MAX_PATH_SEGMENT } from './malformed-http';
export { domainProblem, type DomainProblem, ProblemFilter } from './problem.filter';
export { PositionedDto } from './write-position.dto';
export { echoWritePositions, POSITION_HEADER } from './write-position';
export { inlineScriptHashes, secureResponses } from './security-headers';
