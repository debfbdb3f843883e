import { buildOpenApiDocument } from '../../contracts/api/openapi';
import { once } from '../config/once';
import { httpEndpoint } from '../http/endpoint';
import { json } from '../http/response';

const document = once(buildOpenApiDocument);

export const handler = httpEndpoint({}, async () => json(200, document(), { 'cache-control': 'public, max-age=300' }));
