// The events every open view receives, and the one bus the services raise them on.
import { EventEmitter } from 'node:events'
import type { ApiEvent } from '../api/contract'

export class EventBus {
  private readonly emitter = new EventEmitter()

  constructor() {
    // Each open window or WebSocket is a listener; a busy web session may hold many.
    this.emitter.setMaxListeners(0)
  }

  emit(event: ApiEvent): void {
    this.emitter.emit('event', event)
  }

  on(listener: (event: ApiEvent) => void): () => void {
    this.emitter.on('event', listener)
    return () => this.emitter.off('event', listener)
  }
}
