/**
 * CGRateS `utils.NewTenantID` on an action's ExtraParameters: `tenant:ID` splits at the first `:`;
 * without one the whole string is the ID and the tenant is the default one (as the RPC receiving
 * the empty tenant would decide).
 */
export function tenantIDParam(
  extraParameters: string,
  defaultTenant: string,
): { tenant: string; id: string } {
  const sep = extraParameters.indexOf(':');
  if (sep < 0) return { tenant: defaultTenant, id: extraParameters };
  const tenant = extraParameters.slice(0, sep);
  return { tenant: tenant === '' ? defaultTenant : tenant, id: extraParameters.slice(sep + 1) };
}
