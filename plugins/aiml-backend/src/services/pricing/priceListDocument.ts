/**
 * The on-demand price per hour of one Price List `aws_v1` document (a JSON string with
 * `product.attributes` and `terms.OnDemand.<term>.priceDimensions.<rate>.pricePerUnit`),
 * when it is the SKU the product prices by: Linux, shared tenancy, used capacity, no
 * pre-installed software, in `region`, priced in USD per hour. Undefined otherwise.
 */
export function listPriceOf(
  document: string,
  region: string,
): { instanceType: string; hourly: number } | undefined {
  let doc: any;
  try {
    doc = JSON.parse(document);
  } catch {
    return undefined;
  }
  const a = doc?.product?.attributes ?? {};
  if (
    a.regionCode !== region ||
    a.operatingSystem !== 'Linux' ||
    a.tenancy !== 'Shared' ||
    a.capacitystatus !== 'Used' ||
    a.preInstalledSw !== 'NA' ||
    typeof a.instanceType !== 'string'
  ) {
    return undefined;
  }
  for (const term of Object.values<any>(doc?.terms?.OnDemand ?? {})) {
    for (const dim of Object.values<any>(term?.priceDimensions ?? {})) {
      const hourly = Number(dim?.pricePerUnit?.USD);
      if (dim?.unit === 'Hrs' && hourly >= 0 && hourly < Infinity) {
        return { instanceType: a.instanceType, hourly };
      }
    }
  }
  return undefined;
}
