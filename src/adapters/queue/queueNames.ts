/** The queue deliveries travel on, and where the ones that keep failing are parked (the trigger's own name for it). */
export const DELIVERY_QUEUE = 'deliveries';
export const POISON_QUEUE = `${DELIVERY_QUEUE}-poison`;
