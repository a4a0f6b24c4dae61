import { type Router, json } from '@patchbay/emulator-kit';
import { badRequest } from '../errors.ts';
import { DEFAULT_BATCH_SIZE, batchSizeFrom } from '../soql/cursors.ts';
import { executeSoql } from '../soql/execute.ts';
import { type ApiDeps, type ApiHandler, apiRoute } from './api-context.ts';

/**
 * `GET …/query?q=` and `…/queryAll?q=` run SOQL; `GET …/query/<locator>` reads the next batch
 * (§17). The batch size comes from `Sforce-Query-Options: batchSize=n`, default 2000.
 */
export function addQueryRoutes(router: Router, deps: ApiDeps): void {
  const run = (includeDeleted: boolean): ApiHandler => ({ req, org, version }) => {
    const soql = req.query.get('q');
    if (soql === null || soql.trim() === '') throw badRequest('MALFORMED_QUERY', 'A query string has to be specified');
    const outcome = executeSoql(org, soql, { version, includeDeleted });
    const batchSize = batchSizeFrom(req.headers['sforce-query-options']) ?? DEFAULT_BATCH_SIZE;
    return json(200, org.cursors.firstPage(outcome.records, outcome.totalSize, batchSize, version, () => org.ids.random('01g')));
  };
  const more: ApiHandler = ({ req, org, version }) =>
    json(200, org.cursors.nextPage(req.params.locator ?? '', version, batchSizeFrom(req.headers['sforce-query-options'])));

  router.add('GET', '/services/data/:version/query', apiRoute(deps, run(false)));
  router.add('GET', '/services/data/:version/queryAll', apiRoute(deps, run(true)));
  router.add('GET', '/services/data/:version/query/:locator', apiRoute(deps, more));
  router.add('GET', '/services/data/:version/queryAll/:locator', apiRoute(deps, more));
}
