const movements = (count: number) => `${count} ${count === 1 ? 'movement' : 'movements'}`;

/**
 * What to ask before signing out while this person's queue holds movements the server has not
 * recorded: null when it holds none. The queue is kept per user in IndexedDB and signing out leaves it
 * there, so nothing is lost, but nothing is sent either until the same person signs in on this device.
 */
export function unsentOnSignOut(waiting: number, toCheck: number): string | null {
  if (waiting === 0 && toCheck === 0) return null;
  const parts = [
    ...(waiting > 0 ? [`${movements(waiting)} ${waiting === 1 ? 'is' : 'are'} waiting to be sent`] : []),
    ...(toCheck > 0 ? [`${movements(toCheck)} the server refused ${toCheck === 1 ? 'needs' : 'need'} checking`] : []),
  ];
  return (
    `${parts.join(' and ')}. ${waiting + toCheck === 1 ? 'It stays' : 'They stay'} on this device, unsent, until you sign in here ` +
    'again; nobody else sees them. Sign out anyway?'
  );
}
