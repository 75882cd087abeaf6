// The kernel node id of a broker.
export function brokerNode(brokerId: number): string {
  return `broker-${brokerId}`;
}
