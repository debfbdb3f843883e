/** Sparse index key of the events table: present on EVENT items not yet delivered nor dead-lettered. */
export const EVENT_UNDELIVERED = 'CITY';
export const eventUndeliveredIndex = 'events-undelivered';
